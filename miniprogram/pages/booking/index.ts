/**
 * Booking a place on a reception day: pick a time (if the day is split), say in a few words what it
 * is about and which village, optionally a name and phone, and tap 预约 once. The tap first asks for
 * the reminder subscriptions, then books with a request id kept across retries (a retried tap never
 * books twice). Success shows the check-in code to show at the station.
 */
import { api, type BookingDay, type BookingDone, type WaitlistJoined } from '../../services/api';
import { BOOKER_NAME_MAX, BOOKING_TOPIC_MAX, isMobile } from '../../services/core.generated';
import { chooseTownship, errorState, readyToSend } from '../../services/page-state';
import {
  ensurePrivacyConsent,
  goTo,
  newRequestId,
  requestSubscriptions,
  setTitle,
} from '../../services/platform';

interface BookingPageData {
  /** The booking schema's caps (core/booking/booking.limits.ts), as the fields' maxlength. */
  limits: { topic: number; name: number };
  loading: boolean;
  submitting: boolean;
  dayId: string;
  code: string;
  day: BookingDay | null;
  deputiesText: string;
  villages: { code: string; name: string }[];
  slotId: string;
  villageCode: string;
  topic: string;
  name: string;
  phone: string;
  requestId: string;
  done: BookingDone | null;
  /** The waiting list joined (排队候补第N位). */
  waiting: WaitlistJoined | null;
  /** The chosen time (or the day) is full: the button joins the waiting list. */
  full: boolean;
  errorCode: string;
  errorMessage: string;
  errorRetry: boolean;
  formError: string;
}

type InputEvent = { detail: { value: string } };
type TapEvent = { currentTarget: { dataset: { id?: string; full?: boolean } } };

export function placesLabel(places: number | 'unlimited'): string {
  if (places === 'unlimited') return '不限名额';
  return places > 0 ? `剩${places}个` : '已约满';
}

/** Whether the chosen time (or the whole day) has no place left. */
export function isFullChoice(day: Pick<BookingDay, 'placesLeft' | 'slots'> | null, slotId: string): boolean {
  if (!day) return false;
  if (day.placesLeft === 0) return true;
  const slot = day.slots.find((s) => s.id === slotId);
  return slot ? slot.placesLeft === 0 : false;
}

Page({
  data: {
    limits: { topic: BOOKING_TOPIC_MAX, name: BOOKER_NAME_MAX },
    loading: true,
    submitting: false,
    dayId: '',
    code: '',
    day: null,
    deputiesText: '',
    villages: [],
    slotId: '',
    villageCode: '',
    topic: '',
    name: '',
    phone: '',
    requestId: '',
    done: null,
    waiting: null,
    full: false,
    errorCode: '',
    errorMessage: '',
    errorRetry: false,
    formError: '',
  } as BookingPageData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({
      dayId: decodeURIComponent(query.dayId ?? ''),
      code: (query.code ?? '').toUpperCase(),
      requestId: newRequestId(),
    });
    return this.load();
  },

  async load() {
    this.setData({ loading: true, errorCode: '', errorMessage: '', errorRetry: false });
    const [days, station] = await Promise.all([
      api.booking.listDays(this.data.code),
      api.station.get(this.data.code),
    ]);
    if (!days.ok || !station.ok) {
      const error = !days.ok ? days.error : !station.ok ? station.error : null;
      if (error) this.setData({ ...errorState(error), errorCode: error.code });
      return;
    }
    const day = days.data.find((d) => d.id === this.data.dayId) ?? null;
    if (!day) {
      this.setData({
        loading: false,
        errorCode: 'DAY_NOT_FOUND',
        errorMessage: '这一天已不能预约，请返回选择其他日期',
        errorRetry: false,
      });
      return;
    }
    setTitle(`预约 ${day.label}`);
    const open = day.slots.filter((s) => s.placesLeft !== 0);
    // One time that is full: it is the one to wait for.
    const only = open.length === 1 ? open[0].id : day.slots.length === 1 ? day.slots[0].id : '';
    this.setData({
      loading: false,
      day: {
        ...day,
        slots: day.slots.map((s) => ({ ...s, placesText: placesLabel(s.placesLeft) })),
      } as BookingDay,
      deputiesText: day.deputyNames.join('、'),
      villages: station.data.villages.map((v) => ({ code: v.code, name: v.name })),
      slotId: only,
      full: isFullChoice(day, only),
    });
  },

  /** A time with places to book, or a full one to wait for (排队候补). */
  pickSlot(e: TapEvent) {
    const slotId = e.currentTarget.dataset.id ?? '';
    this.setData({ slotId, full: isFullChoice(this.data.day, slotId), formError: '' });
  },
  pickVillage(e: TapEvent) {
    this.setData({ villageCode: e.currentTarget.dataset.id ?? '', formError: '' });
  },
  onTopic(e: InputEvent) {
    this.setData({ topic: e.detail.value.slice(0, BOOKING_TOPIC_MAX), formError: '' });
  },
  onName(e: InputEvent) {
    this.setData({ name: e.detail.value });
  },
  onPhone(e: InputEvent) {
    this.setData({ phone: e.detail.value });
  },
  /** Focus on the name or phone field: WeChat's privacy consent first, while it still needs it. */
  async askConsent() {
    await this.contactConsent();
  },
  /** Whether a name and phone may be collected; on a refusal says what the villager can do instead. */
  async contactConsent(): Promise<boolean> {
    if (await ensurePrivacyConsent()) return true;
    this.setData({ formError: '您没有同意个人信息保护说明：可以不填姓名和电话再预约' });
    return false;
  },

  /** What is missing, in plain words; '' when the form can be sent. */
  missing(): string {
    const d = this.data;
    if (d.day && d.day.slots.length > 1 && !d.slotId) return '请选择时间段';
    if (!d.topic.trim()) return '请简要写下想反映的事情';
    if (!d.villageCode) return '请选择您所在的村';
    if (d.phone && !isMobile(d.phone)) return '请填写11位手机号码';
    return '';
  },

  /** What the form sends, to book or to wait (the server's one booking-form schema). */
  form() {
    const d = this.data;
    return {
      dayId: d.dayId,
      ...(d.slotId ? { slotId: d.slotId } : {}),
      topic: d.topic.trim(),
      villageCode: d.villageCode,
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      ...(d.phone ? { phone: d.phone } : {}),
    };
  },

  async submit() {
    if (!readyToSend(this, this.missing())) return;
    if ((this.data.name.trim() || this.data.phone) && !(await this.contactConsent())) return;
    this.setData({ submitting: true, formError: '' });
    // From the tap: ask for the reminder and change messages first (a refusal still books).
    await requestSubscriptions(['bookingReminder', 'bookingChanged']);
    const res = await api.booking.book(this.data.requestId, this.form());
    if (!res.ok) {
      // A network failure keeps the request id: tapping again retries the same booking. Full
      // meanwhile: the button now offers the waiting list (a new request).
      const full = res.error.code === 'DAY_FULL' || res.error.code === 'SLOT_FULL';
      this.setData({
        submitting: false,
        formError: res.error.message,
        ...(full ? { full: true, requestId: newRequestId() } : {}),
      });
      return;
    }
    this.setData({ submitting: false, done: res.data, requestId: newRequestId() });
  },

  /** 排队候补: the subscription first (in the tap), then the same form joins the waiting list. */
  async joinWaitlist() {
    await requestSubscriptions(['bookingChanged', 'bookingReminder']);
    if (!readyToSend(this, this.missing())) return;
    if ((this.data.name.trim() || this.data.phone) && !(await this.contactConsent())) return;
    this.setData({ submitting: true, formError: '' });
    const res = await api.booking.joinWaitlist(this.data.requestId, this.form());
    if (!res.ok) {
      // A place came free meanwhile: book it instead.
      if (res.error.code === 'WAITLIST_NOT_FULL') this.setData({ full: false });
      this.setData({ submitting: false, formError: res.error.message });
      return;
    }
    this.setData({ submitting: false, waiting: res.data, requestId: newRequestId() });
  },

  myBookings() {
    goTo('/pages/bookings/index');
  },
});
