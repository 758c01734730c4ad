/**
 * Cloud function `groups`: deputy groups (代表小组), the activities the presidium or a group leader
 * organises for them (学习培训, 集中视察, 执法检查 … with check-in, automatic duty records, matters raised
 * and rectification items: server/groups/activities.service.ts), and the contact duties — presidium
 * members to deputies (分片联系), deputies to households (结对帮扶) — with the deputy's own code (代表码):
 * server/groups/contacts.service.ts. A table of actions, each one call into its service.
 */
import { defineFunction } from '../../../server/pipeline';
import { activityActions } from './activities.actions';
import { contactActions } from './contacts.actions';

export const definition = defineFunction('groups', { ...activityActions, ...contactActions });

export const main = definition.main;
