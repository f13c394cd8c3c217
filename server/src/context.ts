import type { CorpusIndex } from '../../core/src/index';
import type { Positions } from './positions';
import type { ServerSettings } from './settings';

/** What the feature functions need: the index, offset conversion, and what the client can render. */
export interface FeatureContext {
  corpus: CorpusIndex;
  positions: Positions;
  /** Hovers may use `command:` links (VS Code with Crosscheck's client). */
  commandLinks: boolean;
  /** The user's `crosscheck.*` settings, kept current by the server. */
  settings: ServerSettings;
}
