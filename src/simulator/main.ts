/** Manual use: `SIM_PORT=4010 npx tsx src/simulator/main.ts`, then call it with `Bearer sim-token`. */
import { startSimulator } from './index.ts';

const port = Number(process.env.SIM_PORT ?? 4010);
const sim = await startSimulator({ port, log: process.env.SIM_LOG !== '0' });
console.log(`HubSpot simulator listening on ${sim.url} (token: ${sim.token})`);
console.log(
  `  e.g. curl -H 'Authorization: Bearer ${sim.token}' '${sim.url}/conversations/v3/conversations/threads?limit=2'`,
);

const stop = () => {
  sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
