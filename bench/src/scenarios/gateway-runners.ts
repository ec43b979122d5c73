import { gatewayResults } from './gateway-results.js';
import { type GatewayScenario, gatewayScenarios, runGatewayScenario } from './gateway-scenarios.js';
import type { ScenarioRunner } from './scenario.js';

function runner(scenario: GatewayScenario, ids: readonly string[]): ScenarioRunner {
  return {
    ids,
    name: `${scenario.id}: ${scenario.title}`,
    run: async context => {
      const outcome = await runGatewayScenario(
        scenario,
        await context.upstreamUrl(),
        context.durations,
        context.log,
      );
      return gatewayResults([outcome]);
    },
  };
}

/** P1–P4 against every target; P4's runs also give P5 (memory) and P6 (event-loop delay). */
export const gatewayRunners: readonly ScenarioRunner[] = gatewayScenarios.map(scenario =>
  runner(scenario, scenario.id === 'P4' ? ['P4', 'P5', 'P6'] : [scenario.id]),
);
