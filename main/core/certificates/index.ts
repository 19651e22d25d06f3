// The public entry of main/core/certificates: what the rest of main/ may use.
export { createCertificateWatch } from './certificate-watch';
export { certificateTargets } from './targets';
export { daysUntil, DEFAULT_THRESHOLDS_DAYS } from './thresholds';
export type {
  CertificateCheck,
  CertificateStatus,
  CertificateTarget,
  CertificateWatch,
  CertificateWatchOptions,
} from './types';
