/**
 * Emulator and tool versions, pinned in one place. package.json, scripts/install-*.sh and the
 * report read the same numbers; a test checks they agree.
 */
export const PINNED_VERSIONS = {
  node: '22.23.3',
  dynamoDbLocalPackage: '10.3.0',
  dynamoDbLocal: '3.3.0',
  fauxqs: '2.4.1',
  moto: '5.2.5',
  k6: 'v1.8.1',
} as const;
