/** API keys the simulators accept (and the SDKs send). */
export const simulatorKeys = {
  openai: 'sk-bench-simulator-0000000000',
  stability: 'sk-bench-stability-0000000000',
  bfl: 'bfl-bench-key-0000000000',
} as const;
