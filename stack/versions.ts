/**
 * Emulator and tool versions, pinned in one place. package.json and scripts/install-*.sh carry
 * the same numbers (a test checks they agree).
 */
export const PINNED_VERSIONS = {
  node: '22.23.3',
  ministack: '1.5.33',
  fauxqs: '2.4.1',
  moto: '5.2.5',
} as const;
