export { checkConnection, DEFAULT_DIAGNOSIS_BUDGET_MS, diagnoseUrl } from './diagnose';
export { isPublicAddress } from './address-rules';
export { PROBE_BODY, PROBE_HEADERS } from './http-probe';
export { SEEN_FROM_CAVEAT } from './problem-messages';
export { EXPIRY_WARNING_DAYS } from './tls-step';
export { PROBLEM_CODES, WARNING_CODES } from './types';
export type { DiagnoseOptions, Diagnosis, Problem, ProblemCode, Severity, Step, StepName } from './types';
