/**
 * On a station's page, the way in to the reception desk (接待日工作台: roster, check-in, walk-ins, the
 * record) for the people who work there: the station's own admin, its deputies, the presidium. Villagers
 * see nothing. Presentational: the page decides `show` from who is calling (account.whoami); the
 * function still decides who may do what, this only hides a button.
 */
import { goTo } from '../../services/platform';

Component({
  properties: {
    stationCode: { type: String, value: '' },
    show: { type: Boolean, value: false },
  },
  methods: {
    openDesk() {
      goTo(`/subpackages/station-admin/pages/days/index?code=${this.data.stationCode}`);
    },
  },
});
