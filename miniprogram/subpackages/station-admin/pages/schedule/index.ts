/**
 * 接待安排: a station's recurring reception schedule, for its station admin (own station) and the
 * presidium (any station, `?code=JG02`). Shows the rule in plain words as the server describes it
 * (booking.getSchedule), and edits it: weekly, monthly (the nth weekday) or on a day of the month
 * (每月15日; 29–31 mean the month's last day in shorter months), the window, the slots and
 * their places (a number, or 不限), the deputies on duty by rota, and what happens on a holiday.
 * Saved through booking.setSchedule; the server checks everything again and its Chinese message is shown.
 * The presidium also sees when booking reminders go out, for every station (提前一天 / 提前两小时,
 * booking.getSettings/setSettings); a station admin does not (the server answers them FORBIDDEN).
 */
import { api, type BookingSettings, type ScheduleInput } from '../../../../services/api';
import { chinaDateAfter, chooseTownship, errorState } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';
import { stationCodeOf } from '../../station-code';

type Week = 1 | 2 | 3 | 4 | 'last';

interface SlotRow {
  id: string;
  start: string;
  end: string;
  /** What the admin typed (a whole number) when not unlimited. */
  places: string;
  unlimited: boolean;
}

const WEEKDAYS = [
  { value: 1, label: '周一' },
  { value: 2, label: '周二' },
  { value: 3, label: '周三' },
  { value: 4, label: '周四' },
  { value: 5, label: '周五' },
];
const WEEKS: { value: Week; label: string }[] = [
  { value: 1, label: '第一个' },
  { value: 2, label: '第二个' },
  { value: 3, label: '第三个' },
  { value: 4, label: '第四个' },
  { value: 'last', label: '最后一个' },
];
const POLICIES = [
  { value: 'nextWorkingDay', label: '顺延到下一个工作日' },
  { value: 'oneWeekLater', label: '推迟一周' },
] as const;

const SLOT_IDS = 'abcdefgh';

function defaultForm() {
  return {
    every: 'week' as ScheduleInput['recurrence']['every'],
    week: 1 as Week,
    weekday: 5,
    /** The day of the month a 'monthDay' rule names, as typed (1–31). */
    monthDay: '15',
    start: '09:00',
    end: '11:30',
    slots: [{ id: 'a', start: '09:00', end: '11:30', places: '10', unlimited: false }] as SlotRow[],
    perDay: 1,
    holidayPolicy: 'nextWorkingDay' as ScheduleInput['holidayPolicy'],
    startsOn: chinaDateAfter(0),
    endsOn: '' as string,
  };
}

Page({
  data: {
    loading: true,
    code: '',
    errorMessage: '',
    /** The saved rule in plain words ('每周五 14:30-17:00'), or '' when the station has none yet. */
    description: '',
    form: defaultForm(),
    weekdays: WEEKDAYS,
    weeks: WEEKS,
    policies: POLICIES,
    deputies: [] as { id: string; name: string; on: boolean }[],
    saving: false,
    message: '',
    /** The presidium's reminder timing (null for a station admin: not theirs to set). */
    reminder: null as BookingSettings | null,
    reminderSaving: false,
  },

  chooseTownship,

  async onLoad(query: Record<string, string | undefined>) {
    const code = await stationCodeOf(query);
    this.setData({ code });
    return this.load();
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const code = this.data.code;
    if (!code) {
      this.setData({ loading: false, errorMessage: '请从联络站进入接待安排' });
      return;
    }
    const [schedule, station, settings] = await Promise.all([
      api.booking.getSchedule(code),
      api.station.get(code),
      api.booking.getSettings(),
    ]);
    if (!schedule.ok) {
      this.setData(errorState(schedule.error));
      return;
    }
    const rule = schedule.data;
    // The rota is an order (who is on duty next): its deputies first, as they take turns, then the rest.
    const rota = rule?.rota.deputyIds ?? [];
    const rank = (id: string) => (rota.includes(id) ? rota.indexOf(id) : rota.length);
    const deputies = station.ok
      ? station.data.deputies
          .map((d, i) => ({ id: d.id, name: d.name, on: rota.includes(d.id), i }))
          .sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i)
          .map(({ i: _i, ...d }) => d)
      : [];
    this.setData({
      loading: false,
      description: rule?.description ?? '',
      deputies,
      form: rule ? formOf(rule) : defaultForm(),
      message: '',
      reminder: settings.ok ? settings.data : null,
    });
  },

  /** 提前一天 / 提前两小时: saved at once for every station (the next hourly run follows it). */
  async pickReminder(e: Tap) {
    const lead = e.currentTarget.dataset.value as BookingSettings['reminderLead'];
    const current = this.data.reminder;
    if (!current || this.data.reminderSaving || current.reminderLead === lead) return;
    this.setData({ reminderSaving: true });
    const res = await api.booking.setSettings(lead);
    this.setData({ reminderSaving: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    this.setData({ reminder: res.data });
    toast('提醒时间已保存', 'success');
  },

  pickEvery(e: Tap) {
    const v = e.currentTarget.dataset.value;
    const every = v === 'month' || v === 'monthDay' ? v : 'week';
    this.setData({ 'form.every': every });
    // A weekly day put off a week is just the next one, and the 15th put off a week may be a
    // weekend again: only 顺延 makes sense for them.
    if (every !== 'month') this.setData({ 'form.holidayPolicy': 'nextWorkingDay' });
  },
  onMonthDay(e: Change) {
    this.setData({ 'form.monthDay': e.detail.value });
  },
  pickWeek(e: Tap) {
    const v = e.currentTarget.dataset.value;
    this.setData({ 'form.week': v === 'last' ? 'last' : (Number(v) as Week) });
  },
  pickWeekday(e: Tap) {
    this.setData({ 'form.weekday': Number(e.currentTarget.dataset.value) });
  },
  pickPolicy(e: Tap) {
    const v = e.currentTarget.dataset.value === 'oneWeekLater' ? 'oneWeekLater' : 'nextWorkingDay';
    this.setData({ 'form.holidayPolicy': v });
  },
  onStart(e: Change) {
    this.setData({ 'form.start': e.detail.value });
  },
  onEnd(e: Change) {
    this.setData({ 'form.end': e.detail.value });
  },
  onSlotStart(e: Change & Tap) {
    this.setData({ [`form.slots[${Number(e.currentTarget.dataset.index)}].start`]: e.detail.value });
  },
  onSlotEnd(e: Change & Tap) {
    this.setData({ [`form.slots[${Number(e.currentTarget.dataset.index)}].end`]: e.detail.value });
  },
  onSlotPlaces(e: Change & Tap) {
    this.setData({ [`form.slots[${Number(e.currentTarget.dataset.index)}].places`]: e.detail.value });
  },
  toggleSlotUnlimited(e: Tap) {
    const i = Number(e.currentTarget.dataset.index);
    this.setData({ [`form.slots[${i}].unlimited`]: !this.data.form.slots[i].unlimited });
  },
  addSlot() {
    const slots = this.data.form.slots;
    if (slots.length >= SLOT_IDS.length) return this.setData({ message: '最多分8个时间段' });
    const id = [...SLOT_IDS].find((c) => !slots.some((s) => s.id === c)) ?? 'h';
    const last = slots[slots.length - 1];
    this.setData({
      'form.slots': [
        ...slots,
        {
          id,
          start: last?.end ?? this.data.form.start,
          end: this.data.form.end,
          places: '',
          unlimited: false,
        },
      ],
    });
  },
  removeSlot(e: Tap) {
    const i = Number(e.currentTarget.dataset.index);
    if (this.data.form.slots.length <= 1) return this.setData({ message: '至少要有一个时间段' });
    this.setData({ 'form.slots': this.data.form.slots.filter((_, j) => j !== i) });
  },
  toggleDeputy(e: Tap) {
    const id = e.currentTarget.dataset.id;
    this.setData({ deputies: this.data.deputies.map((d) => (d.id === id ? { ...d, on: !d.on } : d)) });
  },
  onPerDay(e: Change) {
    this.setData({ 'form.perDay': Number(e.detail.value) || 0 });
  },

  async save() {
    const f = this.data.form;
    const deputyIds = this.data.deputies.filter((d) => d.on).map((d) => d.id);
    const slots: ScheduleInput['slots'] = [];
    for (const s of f.slots) {
      const places = Number(s.places);
      if (!s.unlimited && !(Number.isInteger(places) && places >= 1))
        return this.setData({ message: `请填写${s.start}-${s.end}的名额（1人以上），或选择不限` });
      slots.push({ id: s.id, start: s.start, end: s.end, capacity: s.unlimited ? 'unlimited' : places });
    }
    if (deputyIds.length === 0) return this.setData({ message: '请至少选择一位轮值代表' });
    const day = Number(f.monthDay);
    if (f.every === 'monthDay' && !(Number.isInteger(day) && day >= 1 && day <= 31))
      return this.setData({ message: '请填写每月几日（1到31）' });
    const input: ScheduleInput = {
      stationCode: this.data.code,
      recurrence:
        f.every === 'week'
          ? { every: 'week', weekday: f.weekday }
          : f.every === 'month'
            ? { every: 'month', week: f.week, weekday: f.weekday }
            : { every: 'monthDay', day },
      start: f.start,
      end: f.end,
      slots,
      rota: { deputyIds, perDay: f.perDay },
      holidayPolicy: f.holidayPolicy,
      startsOn: f.startsOn,
      ...(f.endsOn ? { endsOn: f.endsOn } : {}),
    };
    this.setData({ saving: true, message: '' });
    const res = await api.booking.setSchedule(input);
    this.setData({ saving: false });
    if (!res.ok) return this.setData({ message: res.error.message });
    this.setData({ description: res.data.description });
    toast('已保存接待安排', 'success');
    return undefined;
  },
});

type Tap = { currentTarget: { dataset: { value?: string; id?: string; index?: string | number } } };
type Change = { detail: { value: string } };

function formOf(rule: ScheduleInput) {
  const r = rule.recurrence;
  return {
    every: r.every,
    week: r.every === 'month' ? r.week : (1 as Week),
    weekday: r.every === 'monthDay' ? 5 : r.weekday,
    monthDay: r.every === 'monthDay' ? String(r.day) : '15',
    start: rule.start,
    end: rule.end,
    slots: rule.slots.map((s) => ({
      id: s.id,
      start: s.start,
      end: s.end,
      places: s.capacity === 'unlimited' ? '' : String(s.capacity),
      unlimited: s.capacity === 'unlimited',
    })),
    perDay: rule.rota.perDay,
    holidayPolicy: rule.holidayPolicy,
    startsOn: rule.startsOn,
    endsOn: rule.endsOn ?? '',
  };
}
