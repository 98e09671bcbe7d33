/**
 * Priority bookkeeping shared by the priority rules and by every fix that has to hand out a new
 * priority (adding a missing one, separating duplicates, converting V1 rules). One plan per
 * document, so two fixes offered in the same pass never hand out the same number.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
import { member } from '../../json';
import { ConfigRule, configRules, duplicates, propValue } from './shape';

export interface PriorityPlan {
  /** Integer priority of each rule that has one (numeric strings count: their fix makes them numbers). */
  value: Map<Node, number>;
  /** Rules sharing a priority, per priority, in document order; only groups of two or more. */
  duplicates: ConfigRule[][];
  /** A fresh priority for each rule that lacks a usable one and for each repeat of a duplicate. */
  fresh: Map<Node, number>;
}

const PLAN_CACHE = new WeakMap<Node, PriorityPlan>();

/** Integer value of a Priority node, accepting the numeric strings users write by mistake. */
export function priorityNumber(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  if (node.type === 'number' && Number.isInteger(node.value)) return node.value as number;
  if (node.type === 'string' && /^-?\d+$/.test(node.value as string)) return Number(node.value);
  return undefined;
}

export function priorityPlan(doc: JsonDocument): PriorityPlan {
  const rules = configRules(doc);
  const key = member(doc.config, 'Rules');
  const cached = key && PLAN_CACHE.get(key);
  if (cached) return cached;

  const value = new Map<Node, number>();
  const needing: ConfigRule[] = [];
  let max: number | undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const p = rule.priority ?? (rule.priorityOther ? priorityNumber(propValue(rule.r.Priority)) : undefined);
    if (p === undefined) {
      needing.push(rule);
      continue;
    }
    value.set(rule.node, p);
    max = max === undefined ? p : Math.max(max, p);
  }
  const repeated = duplicates(rules, (r) => value.get(r.node));
  for (const g of repeated) needing.push(...g.slice(1));

  const fresh = new Map<Node, number>();
  let next = max === undefined ? 1 : Math.max(max + 1, 1);
  for (const rule of needing) fresh.set(rule.node, next++);
  const plan = { value, duplicates: repeated, fresh };
  if (key) PLAN_CACHE.set(key, plan);
  return plan;
}
