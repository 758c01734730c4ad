/**
 * The station's answered opinions whose villagers agreed to publication (no identity; an anonymous case
 * does not even show its village). Presentational: the page loads them (opinion.publicAnswers) and
 * passes `items`; nothing shows when there are none.
 */
import type { PublicAnswerItem } from '../../services/api';

Component({
  properties: {
    items: { type: Array, value: [] as PublicAnswerItem[] },
  },
});
