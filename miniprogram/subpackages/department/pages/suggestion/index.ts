/**
 * One suggestion as an office answers it: the suggestion, the offices and deadline, and what the office
 * may do now — a co-handler gives its opinion and signs off (会签); the lead office answers formally
 * (text, the document file, the result class A–D) once every co-handler signed off; an office that is
 * not responsible sends it back with a reason within 7 working days of assignment.
 */
import { api, type SuggestionDetail } from '../../../../services/api';
import { RESULT_CLASSES, RESULT_CLASS_LABELS } from '../../../../services/core.generated';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { chooseAndUploadDocument, toast } from '../../../../services/platform';

const classes = RESULT_CLASSES.map((code) => ({ code, label: RESULT_CLASS_LABELS[code] }));

Page({
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    s: null as SuggestionDetail | null,
    classes,
    classIndex: 0,
    text: '',
    fileId: '',
    opinion: '',
    reason: '',
    mode: '' as '' | 'answer' | 'signOff' | 'sendBack',
    busy: false,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '' });
    return this.load();
  },

  async load() {
    const res = await api.suggestion.get(this.data.id);
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({ loading: false, errorMessage: '', s: res.data });
  },

  startMode(e: WechatMiniprogram.BaseEvent) {
    this.setData({ mode: e.currentTarget.dataset.mode as 'answer' | 'signOff' | 'sendBack' });
  },
  cancel() {
    this.setData({ mode: '' });
  },
  typeText(e: WechatMiniprogram.Input) {
    this.setData({ text: e.detail.value });
  },
  typeOpinion(e: WechatMiniprogram.Input) {
    this.setData({ opinion: e.detail.value });
  },
  typeReason(e: WechatMiniprogram.Input) {
    this.setData({ reason: e.detail.value });
  },
  pickClass(e: WechatMiniprogram.PickerChange) {
    this.setData({ classIndex: Number(e.detail.value) });
  },
  async chooseFile() {
    const fileId = await chooseAndUploadDocument('suggestion-answers');
    if (fileId) this.setData({ fileId });
    else toast('没有选择文件');
  },

  async submit() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const { id, mode } = this.data;
    const res =
      mode === 'answer'
        ? await api.suggestion.answer({
            suggestionId: id,
            text: this.data.text,
            fileId: this.data.fileId,
            resultClass: classes[this.data.classIndex].code,
          })
        : mode === 'signOff'
          ? await api.suggestion.signOff(id, this.data.opinion)
          : await api.suggestion.sendBack(id, this.data.reason);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast(
      mode === 'answer' ? '已答复，代表会收到通知' : mode === 'signOff' ? '已会签' : '已退回乡镇人大主席团',
      'success',
    );
    this.setData({ s: res.data, mode: '' });
  },
});
