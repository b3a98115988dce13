// Which URLs an alert may hand to the fetcher. Refused here, the sender learns at once why;
// the connection-time SSRF guard in the HTTP client still judges every resolved address.
import { hostRefusal, type AddressPolicy } from '../fetch/address-guard.js';
import { parseFetchUrl } from '../fetch/http-client.js';
import { NewsmonError } from '../errors.js';

const MAX_URL_LENGTH = 4096;

/**
 * An http(s) URL without credentials whose host is not a literal loopback, private or otherwise
 * non-public address (nor `localhost`), unless `fetch.allow` names it. Host names are not
 * resolved here: DNS can change between now and the fetch, which checks the address it connects to.
 */
export function checkAlertUrl(input: string, policy: AddressPolicy): URL {
  if (input.length > MAX_URL_LENGTH) {
    throw new NewsmonError('FETCH_BAD_URL', `URL longer than ${MAX_URL_LENGTH} characters`);
  }
  const url = parseFetchUrl(input.trim());
  // WHATWG parsing has already turned decimal, octal and hex IPv4 spellings into dotted form;
  // hostRefusal drops a trailing dot (`localhost.`) before it compares anything.
  const refusal = hostRefusal(url.hostname, policy);
  if (refusal) throw new NewsmonError('FETCH_BLOCKED_ADDRESS', refusal);
  return url;
}
