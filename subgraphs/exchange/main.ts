import { runStandalone } from '../shared/run-standalone';
import { exchangeSubgraph } from './index';

runStandalone(exchangeSubgraph).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
