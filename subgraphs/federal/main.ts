import { runStandalone } from '../shared/run-standalone';
import { federalSubgraph } from './index';

runStandalone(federalSubgraph).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
