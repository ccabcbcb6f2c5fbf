export { createCredential, type CredentialOptions } from './create-credential.ts';
