/**
 * The real run of an HTTP access route step (scripts/deploy/plan.ts `HttpRouteStep`) with
 * @cloudbase/manager-node's `manager.access` (AccessService, manager-node 5.x: types/access/index.d.ts;
 * docs.cloudbase.net/api-reference/manager/node/access). Idempotent: a route already there as declared
 * is left alone; one with the wrong 身份认证 is switched; a path bound to another function is rebound.
 *   getAccessList({ path })        DescribeCloudBaseGWAPI      → { APISet, EnableService }
 *   switchAuth(true)               ModifyCloudBaseGWPrivilege  turns the environment's HTTP access service on
 *   createAccess({ path, name, type: 1, auth })   CreateCloudBaseGWAPI (type 1: a cloud function)
 *   switchPathAuth({ apiIds, auth })              ModifyCloudBaseGWAPIPrivilegeBatch (the path's 身份认证)
 *   deleteAccess({ apiId })                       DeleteCloudBaseGWAPI
 *   getDomainList()                DescribeCloudBaseGWService  → { DefaultDomain } (for the URL printed)
 */
import type { HttpRouteStep } from './plan';

/** One route as DescribeCloudBaseGWAPI lists it (manager-node `IApi`). */
export interface AccessApi {
  APIId: string;
  Path: string;
  Type: number;
  Name: string;
  EnableAuth: boolean;
}

/** The part of manager-node's `AccessService` this step uses (a fake in tests). */
export interface AccessService {
  getAccessList(options?: { path?: string; name?: string; limit?: number; offset?: number }): Promise<{
    APISet?: AccessApi[];
    EnableService?: boolean;
  }>;
  switchAuth(enable: boolean): Promise<unknown>;
  createAccess(options: {
    path: string;
    name: string;
    type?: 1 | 2;
    auth?: boolean;
  }): Promise<{ APIId: string }>;
  switchPathAuth(options: { apiIds: string[]; auth: boolean }): Promise<unknown>;
  deleteAccess(options: { apiId?: string; name?: string; type?: number; path?: string }): Promise<unknown>;
  getDomainList(): Promise<{ DefaultDomain?: string }>;
}

export type RouteOutcome = 'created' | 'unchanged' | 'auth switched' | 'rebound';

export interface RouteResult {
  outcome: RouteOutcome;
  apiId: string;
  /** What the step did, in one line (printed by scripts/deploy.mjs). */
  line: string;
}

const FUNCTION_TYPE = 1;

export async function applyHttpRoute(access: AccessService, step: HttpRouteStep): Promise<RouteResult> {
  const list = await access.getAccessList({ path: step.path });
  const notes: string[] = [];
  if (list.EnableService === false) {
    await access.switchAuth(true);
    notes.push('HTTP access service turned on');
  }
  // The listing may hold more than the path asked for: only this exact path counts.
  const same = (list.APISet ?? []).filter((a) => a.Path === step.path);
  const mine = same.find((a) => a.Type === FUNCTION_TYPE && a.Name === step.function);
  let outcome: RouteOutcome;
  let apiId: string;
  if (mine) {
    apiId = mine.APIId;
    if (Boolean(mine.EnableAuth) === step.auth) outcome = 'unchanged';
    else {
      await access.switchPathAuth({ apiIds: [apiId], auth: step.auth });
      outcome = 'auth switched';
    }
  } else {
    // A path serves one resource: a route of the path to something else is replaced, not duplicated.
    for (const other of same) await access.deleteAccess({ apiId: other.APIId });
    if (same.length) notes.push(`was bound to ${same.map((a) => a.Name).join(', ')}`);
    ({ APIId: apiId } = await access.createAccess({
      path: step.path,
      name: step.function,
      type: FUNCTION_TYPE,
      auth: step.auth,
    }));
    outcome = same.length ? 'rebound' : 'created';
  }
  const { DefaultDomain: domain } = await access.getDomainList();
  const at = domain ? `; https://${domain}${step.path}/` : '';
  const extra = notes.length ? ` (${notes.join('; ')})` : '';
  return {
    outcome,
    apiId,
    line: `http route ${step.path} → ${step.function}: ${outcome}${extra}; 身份认证 ${step.auth ? 'on' : 'off'}${at}`,
  };
}
