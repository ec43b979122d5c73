// `node --import <this file>`: installs typescript-loader.mjs (see there).
import { register } from 'node:module';

register('./typescript-loader.mjs', import.meta.url);
