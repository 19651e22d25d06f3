export { CALYPSO_THRESHOLDS, DEFAULT_SANDBOX_CREDENTIALS, startSandbox } from './sandbox-server';
export { DEMO_THRESHOLDS } from './demo-seed';
export { CONTROL_PREFIX } from './control-routes';
export { TIMESTAMP_WINDOW_MS } from './calypso-endpoints';
export type { WebhookEvent } from './webhook-events';
export type {
  ApiFault,
  DeliveryAttempt,
  FaultBody,
  ForcedFields,
  ReceivedDelivery,
  ReceiverBehaviour,
  RecordedRequest,
  RunningSandbox,
  SandboxControl,
  SandboxCredentials,
  SandboxOptions,
  SandboxSeed,
  SandboxSubscription,
  SeedSubscription,
} from './types';
export { SANDBOX_PROFILE_ID, SandboxDemo } from './sandbox-demo';
