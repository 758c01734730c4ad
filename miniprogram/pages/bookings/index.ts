/**
 * "My bookings": each booking with its check-in QR code and short code (shown at the station), and a
 * cancel button that asks first. Cancelled and past bookings are listed below, without a code.
 */
import { api, type MyBooking } from '../../services/api';
import { loadInto } from '../../services/page-state';
import { confirmDialog, toast } from '../../services/platform';

export const STATUS_LABELS: Record<MyBooking['status'], string> = {
  booked: '已预约',
  checkedIn: '已签到',
  cancelled: '已取消',
  noShow: '未到场',
};

type Row = MyBooking & { statusLabel: string };

Page({
  data: {
    loading: true,
    busy: '',
    items: [] as Row[],
    errorMessage: '',
  },

  onLoad() {
    return this.load();
  },

  onShow() {
    if (!this.data.loading) return this.load();
    return undefined;
  },

  async load() {
    const data = await loadInto(this, () => api.booking.mine());
    if (!data) return;
    this.setData({
      loading: false,
      items: data.map((b) => ({ ...b, statusLabel: STATUS_LABELS[b.status] })),
    });
  },

  async cancel(e: { currentTarget: { dataset: { id?: string } } }) {
    const bookingId = e.currentTarget.dataset.id ?? '';
    const row = this.data.items.find((b) => b.bookingId === bookingId);
    if (!row || this.data.busy) return;
    const yes = await confirmDialog(
      '取消预约',
      `确定取消${row.label}的预约吗？名额会让给其他群众。`,
      '取消预约',
    );
    if (!yes) return;
    this.setData({ busy: bookingId });
    const res = await api.booking.cancel(bookingId);
    this.setData({ busy: '' });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已取消预约', 'success');
    await this.load();
  },
});
