/**
 * On a station's page, the way in to the reception desk (接待日工作台: roster, check-in, walk-ins, the
 * record) for the people who work there: the station's own admin, its deputies, the presidium. Villagers
 * see nothing. The function still decides who may do what; this only hides a button.
 */
import { api } from '../../services/api';
import { goTo } from '../../services/platform';

Component({
  properties: {
    stationCode: { type: String, value: '' },
  },
  data: { show: false },
  observers: {
    async stationCode(code: string) {
      if (!code) return;
      const me = await api.account.whoami();
      if (!me.ok) return;
      const { role, stationCode } = me.data;
      const show =
        role === 'presidium' || role === 'deputy' || (role === 'stationAdmin' && stationCode === code);
      this.setData({ show });
    },
  },
  methods: {
    openDesk() {
      goTo(`/subpackages/station-admin/pages/days/index?code=${this.data.stationCode}`);
    },
  },
});
