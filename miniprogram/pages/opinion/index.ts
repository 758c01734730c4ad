/**
 * The opinion form (提意见建议), reached from a station page: which village, what kind of matter (each
 * kind shows its working-day limits), what happened (with a counter), up to 6 photos, anonymous or
 * not, whether the answer may be shown publicly, and an optional name and phone. Before sending, similar
 * open cases at the station are shown, and the villager may follow one instead ("我也反映过").
 * The send tap asks for the progress subscription, uploads the photos, then submits with a request id
 * kept across retries: a retried tap never files twice.
 */
import type { ArticleCard } from '../../../core/article/article.view';
import { api, type OpinionCategory, type OpinionSubmitted, type SimilarOpinion } from '../../services/api';
import { CONTACT_NAME_MAX, PHOTOS_MAX, TEXT_MAX, isContactPhone } from '../../services/core.generated';
import { chooseTownship, errorState, readyToSend } from '../../services/page-state';
import {
  choosePhotos,
  ensurePrivacyConsent,
  goTo,
  newRequestId,
  requestSubscriptions,
  setTitle,
  toast,
  uploadPhoto,
} from '../../services/platform';

interface CategoryChoice extends OpinionCategory {
  limitsText: string;
}

/** The 相关法律知识 section for the picked category (the related-articles component draws it). */
interface RelatedSection {
  category: string;
  items: ArticleCard[];
  loading: boolean;
  errorMessage: string;
  errorRetry: boolean;
}

/** How many related articles the form shows. */
const RELATED_SHOWN = 3;

const NO_RELATED: RelatedSection = {
  category: '',
  items: [],
  loading: false,
  errorMessage: '',
  errorRetry: false,
};

interface OpinionFormData {
  /** The server's limits (core/opinion/opinion.limits.ts), for the form's counters and caps. */
  limits: { text: number; name: number; photos: number };
  loading: boolean;
  submitting: boolean;
  code: string;
  stationName: string;
  villages: { code: string; name: string }[];
  categories: CategoryChoice[];
  villageCode: string;
  categoryCode: string;
  limitsText: string;
  text: string;
  photos: string[];
  anonymous: boolean;
  consentToPublish: boolean;
  name: string;
  phone: string;
  requestId: string;
  similar: SimilarOpinion[];
  /** Similar cases whose villagers did not agree to show their words: counted, never shown. */
  similarHidden: number;
  similarChecked: boolean;
  followed: string;
  done: OpinionSubmitted | null;
  related: RelatedSection;
  errorCode: string;
  errorMessage: string;
  errorRetry: boolean;
  formError: string;
  /** A station admin files on a villager's behalf (代录): they say how the matter came. */
  onBehalf: boolean;
  /** 来访 (in person, the default) or 来电 (by phone). */
  channel: 'proxy' | 'hotline';
  /** 给代表留言: the deputy written to (from their page, `?deputyId=&deputyName=`); '' for the usual routing. */
  deputyId: string;
  deputyName: string;
}

type InputEvent = { detail: { value: string } };
type SwitchEvent = { detail: { value: boolean } };
type TapEvent = { currentTarget: { dataset: { id?: string; index?: number } } };

export function limitsText(c: OpinionCategory): string {
  return `${c.acceptDays}个工作日内受理，${c.answerDays}个工作日内答复`;
}

Page({
  data: {
    limits: { text: TEXT_MAX, name: CONTACT_NAME_MAX, photos: PHOTOS_MAX },
    loading: true,
    submitting: false,
    code: '',
    stationName: '',
    villages: [],
    categories: [],
    villageCode: '',
    categoryCode: '',
    limitsText: '',
    text: '',
    photos: [],
    anonymous: false,
    consentToPublish: true,
    name: '',
    phone: '',
    requestId: '',
    similar: [],
    similarHidden: 0,
    similarChecked: false,
    followed: '',
    done: null,
    related: NO_RELATED,
    errorCode: '',
    errorMessage: '',
    errorRetry: false,
    formError: '',
    onBehalf: false,
    channel: 'proxy',
    deputyId: '',
    deputyName: '',
  } as OpinionFormData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({
      code: (query.code ?? '').toUpperCase(),
      requestId: newRequestId(),
      deputyId: query.deputyId ?? '',
      deputyName: query.deputyName ? decodeURIComponent(query.deputyName) : '',
    });
    return this.load();
  },

  async load() {
    this.setData({ loading: true, errorCode: '', errorMessage: '' });
    const [station, categories] = await Promise.all([
      api.station.get(this.data.code),
      api.opinion.categories(),
    ]);
    // A station admin's submission is 代录 (the server decides by role; the page asks how it came).
    void api.account.whoami().then((me) => {
      if (me.ok && me.data.role === 'stationAdmin') this.setData({ onBehalf: true });
    });
    if (!station.ok || !categories.ok) {
      const error = !station.ok ? station.error : !categories.ok ? categories.error : null;
      if (error) this.setData({ ...errorState(error), errorCode: error.code });
      return;
    }
    setTitle(`给${station.data.name}提意见`);
    const villages = station.data.villages.map((v) => ({ code: v.code, name: v.name }));
    this.setData({
      loading: false,
      stationName: station.data.name,
      villages,
      villageCode: villages.length === 1 ? villages[0].code : '',
      categories: categories.data.map((c) => ({ ...c, limitsText: limitsText(c) })),
    });
  },

  pickChannel(e: TapEvent) {
    this.setData({ channel: e.currentTarget.dataset.id === 'hotline' ? 'hotline' : 'proxy' });
  },
  pickVillage(e: TapEvent) {
    this.setData({ villageCode: e.currentTarget.dataset.id ?? '', formError: '' });
  },
  pickCategory(e: TapEvent) {
    const code = e.currentTarget.dataset.id ?? '';
    const category = this.data.categories.find((c) => c.code === code);
    this.setData({
      categoryCode: code,
      limitsText: category ? category.limitsText : '',
      formError: '',
      similarChecked: false,
      similar: [],
      similarHidden: 0,
    });
    return this.loadRelated();
  },
  /** The 相关法律知识 for the picked category (also the section's 重新加载). */
  async loadRelated() {
    const category = this.data.categoryCode;
    if (!category) {
      this.setData({ related: NO_RELATED });
      return;
    }
    this.setData({ related: { ...NO_RELATED, category, loading: true } });
    const res = await api.article.related(category, RELATED_SHOWN);
    // a later pick may have answered first: keep only the answer for the current category
    if (this.data.categoryCode !== category) return;
    this.setData({
      related: res.ok
        ? { ...NO_RELATED, category, items: res.data.items }
        : { ...NO_RELATED, category, ...errorState(res.error) },
    });
  },
  onText(e: InputEvent) {
    this.setData({
      text: Array.from(e.detail.value).slice(0, TEXT_MAX).join(''),
      formError: '',
      similarChecked: false,
    });
  },
  /** 匿名 clears the name and phone: an anonymous case keeps no contact (the server drops one anyway). */
  onAnonymous(e: SwitchEvent) {
    const anonymous = !!e.detail.value;
    this.setData(anonymous ? { anonymous, name: '', phone: '' } : { anonymous });
  },
  onConsent(e: SwitchEvent) {
    this.setData({ consentToPublish: !!e.detail.value });
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
    this.setData({ formError: '您没有同意个人信息保护说明：可以不填称呼和电话再提交，或匿名反映' });
    return false;
  },

  async addPhotos() {
    const picked = await choosePhotos(PHOTOS_MAX - this.data.photos.length);
    this.setData({ photos: [...this.data.photos, ...picked].slice(0, PHOTOS_MAX) });
  },
  removePhoto(e: TapEvent) {
    const index = Number(e.currentTarget.dataset.index);
    this.setData({ photos: this.data.photos.filter((_, i) => i !== index) });
  },

  /** What is missing, in plain words; '' when the form can be sent. */
  missing(): string {
    const d = this.data;
    if (!d.villageCode) return '请选择您所在的村';
    if (!d.categoryCode) return '请选择意见类别';
    if (!d.text.trim()) return '请写下您要反映的问题或建议';
    if (!d.anonymous && d.phone && !isContactPhone(d.phone)) return '电话号码格式不正确';
    return '';
  },

  /**
   * First tap: look for similar open cases; if there are, show them; otherwise (or on the second tap) send.
   * The progress message is asked for first, before anything is awaited: WeChat asks only inside the tap
   * gesture ("can only be invoked by user TAP gesture").
   */
  async submit() {
    if (!readyToSend(this, this.missing())) return;
    const asked = requestSubscriptions(['opinionProgress']);
    if (!this.data.similarChecked) {
      const found = await api.opinion.similar(this.data.code, this.data.categoryCode, this.data.text);
      const matches = found.ok ? found.data.matches : [];
      // Only a case whose words can be read can be followed; the others are only counted.
      const readable = matches.filter((m) => m.excerpt);
      this.setData({
        similarChecked: true,
        similar: readable,
        similarHidden: matches.length - readable.length,
      });
      if (matches.length > 0) return;
    }
    await asked;
    await this.file();
  },

  /** "仍然提交" (after the similar cases): asks for the progress message first, then files. */
  async send() {
    if (!readyToSend(this, this.missing())) return;
    await requestSubscriptions(['opinionProgress']);
    await this.file();
  },

  /** Files the opinion; a name or phone goes only with WeChat's privacy consent (a refused subscription still files). */
  async file() {
    if (this.data.submitting) return;
    const c = this.data;
    if (!c.anonymous && (c.name.trim() || c.phone) && !(await this.contactConsent())) return;
    this.setData({ submitting: true, formError: '' });
    const photos: string[] = [];
    for (const local of this.data.photos) {
      const id = await uploadPhoto(local, 'opinions');
      if (!id) {
        this.setData({ submitting: false, formError: '照片上传失败，请检查网络后重试' });
        return;
      }
      photos.push(id);
    }
    const d = this.data;
    const contact = d.anonymous
      ? undefined
      : {
          ...(d.name.trim() ? { name: d.name.trim() } : {}),
          ...(d.phone ? { phone: d.phone } : {}),
        };
    const res = await api.opinion.submit(d.requestId, {
      stationCode: d.code,
      villageCode: d.villageCode,
      categoryCode: d.categoryCode,
      text: d.text.trim(),
      photos,
      anonymous: d.anonymous,
      consentToPublish: d.consentToPublish,
      ...(contact && Object.keys(contact).length ? { contact } : {}),
      ...(d.onBehalf ? { channel: d.channel } : {}),
      ...(d.deputyId ? { deputyId: d.deputyId } : {}),
    });
    if (!res.ok) {
      // A network failure keeps the request id: tapping again retries the same submission.
      this.setData({ submitting: false, formError: res.error.message });
      return;
    }
    this.setData({ submitting: false, done: res.data, requestId: newRequestId() });
  },

  /** "我也反映过": follow an existing case instead of filing it again. */
  async follow(e: TapEvent) {
    const id = e.currentTarget.dataset.id ?? '';
    await requestSubscriptions(['opinionProgress']);
    const res = await api.opinion.follow(id);
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    this.setData({ followed: res.data.reportersLabel });
  },

  myOpinions() {
    goTo('/pages/opinions/index');
  },
});
