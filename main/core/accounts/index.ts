// The public entry of main/core/accounts: what the rest of main/ may use.
export {
  assertSecretForNewDestination,
  changesCredentials,
  credentialsAfter,
  verifyCredentials,
} from './credential-changes';
export { MonitorTargets } from './monitor-targets';
export { PROFILE_FIELDS, parseNewProfile, parseProfileChanges } from './profile-input';
export { createProfileService } from './profile-service';
export type { ProfileService } from './profile-service';
export { SETTINGS_FILE_NAME } from './settings-file';
export { EXTRA_CA_FILE_MAX_LENGTH, KEYCHAIN_SERVICE } from './types';
export type { AccountsEvent, AppSettings, NewProfileWithSecret, Profile, SecretStore } from './types';
