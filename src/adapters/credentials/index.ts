export { createCredential, type CredentialOptions } from './create-credential.ts';
export { ClientCredentialsTokenCredential, type ClientCredentialsOptions } from './sandbox-credential.ts';
