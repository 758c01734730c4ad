/**
 * The presidium writes an article: draft → preview → publish; a published one is revised (each save a
 * new revision) or taken down; the reach figures show how many subscribers the issue reached. Opened
 * from the county's list (`county=1`) it writes the county's articles (every township reads them), in COUNTY.
 */
import type { RichTextNode } from '../../../../../core/article/article.render';
import type { ArticleStatus } from '../../../../../core/article/article.types';
import { api, apiIn, COUNTY, type ArticleInput, type ArticleReach } from '../../../../services/api';
import {
  BODY_MAX_CHARS,
  SOURCE_MAX_CHARS,
  SUMMARY_MAX_CHARS,
  TITLE_MAX_CHARS,
} from '../../../../services/core.generated';
import { chooseTownship, errorState, loadInto } from '../../../../services/page-state';
import { chooseAndUploadImage, confirmDialog, setTitle, toast } from '../../../../services/platform';

interface Form {
  title: string;
  summary: string;
  category: string;
  source: string;
  keywordsText: string;
  coverFileId: string;
  body: string;
}

/** The article schema's caps (core/article/article.rules.ts). */
const LIMITS = {
  title: TITLE_MAX_CHARS,
  summary: SUMMARY_MAX_CHARS,
  source: SOURCE_MAX_CHARS,
  body: BODY_MAX_CHARS,
};

interface EditData {
  /** The server's caps (core), as the fields' maxlength. */
  limits: typeof LIMITS;
  loading: boolean;
  busy: boolean;
  errorMessage: string;
  errorRetry: boolean;
  id: string;
  status: ArticleStatus | '';
  statusLabel: string;
  issueLabel: string;
  revision: number;
  history: { revision: number; title: string; savedOn: string }[];
  categories: string[];
  categoryIndex: number;
  form: Form;
  previewNodes: RichTextNode[];
  reach: ArticleReach | null;
  /** Opened from the county's list: the county's article, every call in the county (COUNTY). */
  inCounty: boolean;
}

/** This page's calls: in the county itself when opened from the county's list. */
function articles(inCounty: boolean) {
  return inCounty ? apiIn(COUNTY).article : api.article;
}

const EMPTY_FORM: Form = {
  title: '',
  summary: '',
  category: '',
  source: '',
  keywordsText: '',
  coverFileId: '',
  body: '',
};

/** One id per submission, kept across a network retry so the server answers it once. */
let pendingRequestId = '';
function requestIdFor(): string {
  if (!pendingRequestId)
    pendingRequestId = `a${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
  return pendingRequestId;
}
function settled(code?: string): void {
  if (code !== 'NETWORK') pendingRequestId = '';
}

function inputOf(form: Form): ArticleInput {
  const keywords = form.keywordsText
    .split(/[\s,，、]+/)
    .map((k) => k.trim())
    .filter(Boolean);
  return {
    title: form.title,
    summary: form.summary,
    category: form.category,
    source: form.source,
    body: form.body,
    ...(form.coverFileId.trim() ? { coverFileId: form.coverFileId.trim() } : {}),
    keywords,
  };
}

Page({
  data: {
    limits: LIMITS,
    loading: true,
    busy: false,
    errorMessage: '',
    errorRetry: false,
    id: '',
    status: '',
    statusLabel: '',
    issueLabel: '',
    revision: 0,
    history: [],
    categories: [],
    categoryIndex: -1,
    form: { ...EMPTY_FORM },
    previewNodes: [],
    reach: null,
    inCounty: false,
  } as EditData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '', inCounty: query.county === '1' });
    return this.load();
  },

  /** The law categories, and the article being edited (none for a new one); also 重新加载. */
  async load() {
    const cats = await loadInto(this, () => articles(this.data.inCounty).listCategories());
    if (!cats) return;
    this.setData({ categories: cats.list });
    if (this.data.id) await this.loadArticle(this.data.id);
    else this.setData({ loading: false });
  },

  async loadArticle(id: string) {
    const res = await articles(this.data.inCounty).getForEdit(id);
    if (!res.ok) {
      this.setData(errorState(res.error));
      return;
    }
    const a = res.data;
    this.setData({
      loading: false,
      id: a.id,
      status: a.status,
      statusLabel: a.statusLabel,
      issueLabel: a.issueLabel,
      revision: a.revision,
      history: a.history,
      categoryIndex: this.data.categories.indexOf(a.category),
      form: {
        title: a.title,
        summary: a.summary,
        category: a.category,
        source: a.source,
        keywordsText: a.keywords.join('、'),
        coverFileId: a.coverFileId ?? '',
        body: a.body,
      },
    });
    setTitle(a.issueLabel ? `编辑 ${a.issueLabel}` : '编辑草稿');
    if (a.issueLabel) await this.loadReach();
  },

  onField(e: WechatMiniprogram.Input) {
    const field = String(e.currentTarget.dataset.field) as keyof Form;
    this.setData({ [`form.${field}`]: e.detail.value });
  },

  onCategory(e: WechatMiniprogram.PickerChange) {
    const index = Number(e.detail.value);
    this.setData({ categoryIndex: index, 'form.category': this.data.categories[index] ?? '' });
  },

  async chooseCover() {
    const fileId = await chooseAndUploadImage('articles');
    if (fileId) this.setData({ 'form.coverFileId': fileId });
  },

  /** Saves a draft, or a revision of a published article. */
  async save() {
    if (this.data.busy) return;
    if (this.data.status === 'published') return this.revise();
    this.setData({ busy: true });
    const res = await articles(this.data.inCounty).saveDraft(
      requestIdFor(),
      inputOf(this.data.form),
      this.data.id || undefined,
    );
    settled(res.ok ? undefined : res.error.code);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('草稿已保存', 'success');
    this.setData({ id: res.data.id, status: res.data.status, statusLabel: res.data.statusLabel });
  },

  async revise(confirmed = false): Promise<void> {
    this.setData({ busy: true });
    const res = await articles(this.data.inCounty).revise(
      requestIdFor(),
      this.data.id,
      inputOf(this.data.form),
      confirmed,
    );
    settled(res.ok ? undefined : res.error.code);
    this.setData({ busy: false });
    if (!res.ok) {
      if (res.error.code === 'ARTICLE_CONTENT_REVIEW' && (await this.confirmReview()))
        return this.revise(true);
      return toast(res.error.message);
    }
    toast(`已保存为第${res.data.revision}版`, 'success');
    await this.loadArticle(this.data.id);
  },

  async preview() {
    const res = await articles(this.data.inCounty).preview(inputOf(this.data.form));
    if (!res.ok) return toast(res.error.message);
    this.setData({ previewNodes: res.data.nodes });
  },

  async publish(confirmed = false): Promise<void> {
    if (this.data.busy) return;
    if (!this.data.id || this.data.status === 'draft') {
      // publish what is on screen: save it first
      await this.save();
      if (!this.data.id) return;
    }
    if (
      !confirmed &&
      !(await confirmDialog('发布', '发布后群众即可看到，订阅的群众会收到通知。确定发布吗？', '发布'))
    )
      return;
    this.setData({ busy: true });
    const res = await articles(this.data.inCounty).publish(requestIdFor(), this.data.id, confirmed);
    settled(res.ok ? undefined : res.error.code);
    this.setData({ busy: false });
    if (!res.ok) {
      if (res.error.code === 'ARTICLE_CONTENT_REVIEW' && (await this.confirmReview()))
        return this.publish(true);
      return toast(res.error.message);
    }
    toast(`已发布${res.data.issueLabel}`, 'success');
    await this.loadArticle(this.data.id);
  },

  confirmReview(): Promise<boolean> {
    return confirmDialog(
      '请核对内容',
      '内容安全检查提示文中有需要人工核对的文字。您已逐字核对、确认可以公开吗？',
      '已核对，发布',
    );
  },

  async unpublish() {
    if (this.data.busy) return;
    if (!(await confirmDialog('下架', '下架后群众将看不到这篇文章，期号保留。确定下架吗？', '下架'))) return;
    this.setData({ busy: true });
    const res = await articles(this.data.inCounty).unpublish(requestIdFor(), this.data.id);
    settled(res.ok ? undefined : res.error.code);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已下架', 'success');
    await this.loadArticle(this.data.id);
  },

  async loadReach() {
    const res = await articles(this.data.inCounty).reach(this.data.id);
    if (res.ok) this.setData({ reach: res.data });
  },
});
