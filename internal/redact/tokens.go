package redact

import (
	"regexp"
	"strings"
)

// tokenRule finds one well-known credential format anywhere in a string.
type tokenRule struct {
	id       string   // the gitleaks rule ID, and the kind its mask names
	keywords []string // lower-case; the expression runs only on text holding one
	re       *regexp.Regexp
	ids      []int // the keywords' numbers in the keyword set, once it is built
}

func init() {
	for i := range tokenRules {
		tokenRules[i].ids = keywords.ids(tokenRules[i].keywords)
	}
}

// tokenRules are a subset of the rules of gitleaks (MIT License, Copyright
// (c) 2019 Zachary Rice; github.com/zricethezav/gitleaks/v8 v8.30.1,
// config/gitleaks.toml), keeping the rule IDs and keywords: the formats an
// infrastructure repository holds (cloud, forge, chat, registry, CI and
// secret-store tokens) and that have a prefix of their own, so they are
// found without context and with few false positives. Adapted for Go's
// regexp and for masking: the trailing-context groups are dropped (the match
// is the token), per-rule entropy thresholds and allowlists are left out (we
// would rather mask AWS's documented example key than show a real one), and
// github-pat, slack-bot-token and jwt accept shorter tokens than gitleaks
// does. Rules that need context or have no prefix of their own
// (generic-api-key, twilio-api-key, curl-auth-*) are replaced by the
// assignment, command-line and entropy rules of text.go and command.go.
var tokenRules = []tokenRule{
	rule("aws-access-token", `\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b`, "a3t", "akia", "asia", "abia", "acca"),
	rule("github-pat", `\bghp_[0-9a-zA-Z]{30,}`, "ghp_"),
	rule("github-fine-grained-pat", `\bgithub_pat_\w{82}`, "github_pat_"),
	rule("github-oauth", `\bgho_[0-9a-zA-Z]{36}`, "gho_"),
	rule("github-app-token", `\b(?:ghu|ghs)_[0-9a-zA-Z]{36}`, "ghu_", "ghs_"),
	rule("github-refresh-token", `\bghr_[0-9a-zA-Z]{36}`, "ghr_"),
	rule("gitlab-pat", `\bglpat-[\w-]{20,}`, "glpat-"),
	rule("gitlab-deploy-token", `\bgldt-[0-9a-zA-Z_\-]{20}`, "gldt-"),
	rule("gitlab-runner-authentication-token", `\bglrt-[0-9a-zA-Z_\-]{20}`, "glrt-"),
	rule("slack-bot-token", `\bxoxb-[0-9]{10,13}-[a-zA-Z0-9-]{10,}`, "xoxb"),
	rule("slack-user-token", `\bxox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}`, "xoxp-", "xoxe-"),
	rule("slack-app-token", `(?i)\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+`, "xapp"),
	rule("slack-legacy-token", `\bxox[os]-\d+-\d+-\d+-[a-fA-F\d]+`, "xoxo", "xoxs"),
	rule("slack-webhook-url", `(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}`, "hooks.slack.com"),
	rule("jwt", `\bey[a-zA-Z0-9]{10,}\.ey[a-zA-Z0-9/\\_-]{10,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?`, "eyj"),
	rule("stripe-access-token", `\b(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}\b`, "sk_test", "sk_live", "sk_prod", "rk_test", "rk_live", "rk_prod"),
	rule("gcp-api-key", `\bAIza[\w-]{35}`, "aiza"),
	rule("npm-access-token", `(?i)\bnpm_[a-z0-9]{36}\b`, "npm_"),
	rule("pypi-upload-token", `pypi-AgEIcHlwaS5vcmc[\w-]{50,1000}`, "pypi-ageichlwas5vcmc"),
	rule("sendgrid-api-token", `\bSG\.(?i)[a-z0-9=_\-\.]{66}`, "sg."),
	rule("openai-api-key", `\bsk-(?:(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20})\b`, "t3blbkfj"),
	rule("anthropic-api-key", `\bsk-ant-api03-[a-zA-Z0-9_\-]{93}AA\b`, "sk-ant-api03"),
	rule("digitalocean-pat", `\bdop_v1_[a-f0-9]{64}\b`, "dop_v1_"),
	rule("hashicorp-tf-api-token", `(?i)[a-z0-9]{14}\.(?-i:atlasv1)\.[a-z0-9\-_=]{60,70}`, "atlasv1"),
	rule("vault-service-token", `\bhvs\.[\w-]{90,120}`, "hvs."),
	rule("vault-batch-token", `\bhvb\.[\w-]{138,300}`, "hvb."),
	rule("age-secret-key", `AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}`, "age-secret-key-1"),
	rule("grafana-service-account-token", `(?i)\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b`, "glsa_"),
	rule("grafana-cloud-api-token", `(?i)\bglc_[A-Za-z0-9+/]{32,400}={0,3}`, "glc_"),
	rule("huggingface-access-token", `\bhf_(?i:[a-z]{34})\b`, "hf_"),
	rule("shopify-access-token", `shpat_[a-fA-F0-9]{32}`, "shpat_"),
	rule("doppler-api-token", `dp\.pt\.(?i)[a-z0-9]{43}`, "dp.pt."),
	rule("pulumi-api-token", `\bpul-[a-f0-9]{40}\b`, "pul-"),
	rule("databricks-api-token", `\bdapi[a-f0-9]{32}(?:-\d)?\b`, "dapi"),
	rule("linear-api-key", `lin_api_(?i)[a-z0-9]{40}`, "lin_api_"),
	rule("postman-api-token", `\bPMAK-(?i)[a-f0-9]{24}\-[a-f0-9]{34}\b`, "pmak-"),
	rule("dynatrace-api-token", `dt0c01\.(?i)[a-z0-9]{24}\.[a-z0-9]{64}`, "dt0c01."),
	rule("sentry-user-token", `\bsntryu_[a-f0-9]{64}\b`, "sntryu_"),
	rule("rubygems-api-token", `\brubygems_[a-f0-9]{48}\b`, "rubygems_"),
}

func rule(id, re string, keywords ...string) tokenRule {
	return tokenRule{id: id, keywords: keywords, re: regexp.MustCompile(re)}
}

// wholeTokenKind is the rule ID of the token format s is, whole, or "".
func wholeTokenKind(s string) string {
	hits := keywords.find(strings.ToLower(s))
	for i := range tokenRules {
		r := &tokenRules[i]
		if !hits.any(r.ids) {
			continue
		}
		if loc := r.re.FindStringIndex(s); loc != nil && loc[0] == 0 && loc[1] == len(s) {
			return r.id
		}
	}
	return ""
}

// maskTokens masks every token of a well-known format in s, hits being
// the keywords s holds.
func maskTokens(s string, hits keywordHits) string {
	for i := range tokenRules {
		r := &tokenRules[i]
		if hits.any(r.ids) {
			s = replaceLiteral(r.re, s, maskOf(r.id))
		}
	}
	return s
}
