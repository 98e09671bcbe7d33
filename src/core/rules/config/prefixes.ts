/** Key prefixes (rule-level, `Filter.Prefix`, `Filter.And.Prefix`): length, XML-safe characters, leading slash. */
import { setValueFix } from '../../fixes';
import { DOCS } from '../../sources';
import { configRule, eachRule, pathIn } from './shape';

const MAX_PREFIX = 1024;

export const prefixMaxLength = configRule({
  id: 'rc-prefix-max-length',
  severity: 'error',
  evidence: 'D',
  summary: 'A prefix has at most 1,024 characters.',
  docUrl: DOCS.API_RULE,
  check(ctx) {
    eachRule(ctx, (rule) => {
      for (let i = 0; i < rule.prefixes.length; i++) {
        const site = rule.prefixes[i];
        if (site.value.length <= MAX_PREFIX) continue;
        const length = [...site.value].length;
        if (length > MAX_PREFIX) ctx.report({ node: site.node, message: `This prefix has ${length} characters; S3 accepts at most ${MAX_PREFIX} and rejects the configuration.` });
      }
    });
  },
});

export const prefixXmlUnsafe = configRule({
  id: 'rc-prefix-xml-unsafe',
  severity: 'warning',
  evidence: 'D',
  summary: 'Control characters in a prefix do not survive the XML request.',
  docUrl: DOCS.API_RULE,
  check(ctx) {
    eachRule(ctx, (rule) => {
      for (let i = 0; i < rule.prefixes.length; i++) {
        const site = rule.prefixes[i];
        const bad = /[\x00-\x1f]/.exec(site.value);
        if (!bad) continue;
        const code = bad[0].charCodeAt(0).toString(16).padStart(4, '0');
        ctx.report({
          node: site.node,
          message: `This prefix contains the control character U+${code.toUpperCase()}. S3 receives the configuration as XML, which cannot carry it verbatim, so the stored prefix will not be what you wrote. Avoid control characters in prefixes.`,
        });
      }
    });
  },
});

export const prefixLeadingSlash = configRule({
  id: 'rc-prefix-leading-slash',
  severity: 'warning',
  evidence: 'D',
  summary: 'A prefix starting with `/` matches no ordinary S3 key.',
  docUrl: DOCS.UG_TRB,
  check(ctx) {
    eachRule(ctx, (rule) => {
      for (let i = 0; i < rule.prefixes.length; i++) {
        const site = rule.prefixes[i];
        if (!site.value.startsWith('/')) continue;
        const fixed = site.value.replace(/^\/+/, '');
        // A bare "/" would become "", which widens the rule to the whole bucket: that is the user's call.
        ctx.report({
          node: site.node,
          message:
            'S3 keys do not start with "/" (the console shows "Tax/file", not "/Tax/file"), so this prefix matches nothing and the rule replicates no objects.' +
            (fixed ? ` Use "${fixed}".` : ' Remove the slash to replicate every object, or name a real prefix.'),
          fixes: fixed ? [setValueFix(ctx.doc, pathIn(rule, ...site.rel), fixed, `Change to "${fixed}"`, true)] : undefined,
        });
      }
    });
  },
});
