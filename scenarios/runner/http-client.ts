/**
 * The spec's login and a participation with a token, for callers that know only a base URL (the
 * bug zoo's stage): both are the seam's one client (scenarios/system), not a second one.
 */
import { createTokenSource, SPEC_LOGIN } from '../system/token-source';

export function loginAs(baseUrl: string, userId: string): Promise<string> {
  return createTokenSource(SPEC_LOGIN, baseUrl, {})(userId);
}

export { participateWithToken as participateOnce, readRequest } from '../system/participate-client';
