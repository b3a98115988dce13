// The API token tests use, so that every test talks to the API the way a client must.
export const TEST_TOKEN = 'test-token-0123456789abcdef';
/** Headers that authenticate a request as the reviewer "tester". */
export const AUTH = { authorization: `Bearer ${TEST_TOKEN}` } as const;
/** For buildApp's deps.config.auth. */
export const TEST_AUTH_CONFIG = { tokens: [{ name: 'tester', token: TEST_TOKEN }] };
