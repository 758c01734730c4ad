/**
 * The station's answered opinions whose villagers agreed to publication (no identity; an anonymous case
 * does not even show its village). Bind `station` to the station code.
 */
import { api, type PublicAnswerItem } from '../../services/api';

Component({
  properties: {
    station: { type: String, value: '' },
    limit: { type: Number, value: 5 },
  },
  data: { items: [] as PublicAnswerItem[], loadedFor: '' },
  observers: {
    station(code: string) {
      void this.load(code);
    },
  },
  lifetimes: {
    attached() {
      if (this.properties.station) void this.load(this.properties.station);
    },
  },
  methods: {
    async load(code: string) {
      if (!code || code === this.data.loadedFor) return;
      this.setData({ loadedFor: code });
      const res = await api.opinion.publicAnswers(code, this.properties.limit);
      if (this.data.loadedFor !== code) return;
      this.setData({ items: res.ok ? res.data : [] });
    },
  },
});
