export type { CalypsoApi, Credentials } from './calypso-api';
export { CALYPSO_BASE_URLS, DEFAULT_BASE_URL } from '../../common/calypso-hosts';
export type { Channel, ChannelEdit, CreateChannelInput } from './channel';
export { maskSecret } from './channel';
export type { CalypsoClient, ClientOptions } from './calypso-client';
export { CALYPSO_PATHS, DEFAULT_TIMEOUT_MS, createCalypsoClient } from './calypso-client';
export { accountIdWarning, isHttpUrl } from './request-validation';
export { sign, verifySignature } from './signing';
export type { ListUpdate } from './calypso-api';
export { parseCalypsoDate, toCalypsoWireDate } from '../../common/calypso-dates';
export { proxyFor } from './http-instance';
export { formatWait } from './response-errors';
export {
  APP_CA_SETTING,
  cliCertificates,
  createAppTrust,
  processTrustSource,
  readCaFile,
  setProcessTrust,
} from './trust-store';
export type { TrustSource } from './trust-store';
export { baseUrlProblem, httpUrlProblem, isSendableHeaderValue } from './url-problems';
