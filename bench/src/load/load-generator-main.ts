import { serveCalls } from '../process/ipc-protocol.js';
import { type LoadOptions, runLoad } from './load-generator.js';

serveCalls({ run: (options: LoadOptions) => runLoad(options) }, {});
