export {
  breakerStateValues,
  createGatewayMetrics,
  type GatewayMetrics,
  type GatewayMetricsOptions,
} from './gateway-metrics.js';
