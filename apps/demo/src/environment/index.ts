export {
  type Environment,
  readCredential,
  readFirstVariable,
  readPort,
  readSwitch,
  readTrustedHosts,
  readUrl,
  readVariable,
} from './environment-values.js';
export { InvalidEnvironmentError } from './invalid-environment-error.js';
