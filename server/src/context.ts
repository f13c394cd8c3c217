import type { CorpusIndex } from '../../core/src/index';
import type { Positions } from './positions';

/** What the feature functions need: the index, offset conversion, and what the client can render. */
export interface FeatureContext {
  corpus: CorpusIndex;
  positions: Positions;
  /** Hovers may use `command:` links (VS Code with Crosscheck's client). */
  commandLinks: boolean;
}
