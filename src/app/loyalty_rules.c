/* The loyalty programme's pure rules: the frequency reward (常客奖励计划: "every repeat purchase
 * earns a larger discount", seed002), points per order, and the programmes suggested for each
 * lifecycle stage of MODELS.md M13. The mapping follows seed002's stage advice: in the
 * exploration phase (考察期) frequency rewards and emotional contact (感情联络计划), in the
 * formation phase (形成期) special treatment (特别对待), in the stable phase (稳定期) the
 * community programme (共同体计划); decline and termination are this product's own
 * additions (win-back and care). */
#include <string.h>

#include "guanxi/loyalty_programme.h"

int64_t loyalty_frequency_discount_bp(int64_t purchases, int64_t step_bp, int64_t cap_bp)
{
	if (purchases <= 1 || step_bp <= 0 || cap_bp <= 0)
		return 0;
	int64_t repeats = purchases - 1;
	/* repeats × step may overflow only far beyond any cap; stop early. */
	if (repeats >= cap_bp / step_bp + 1)
		return cap_bp;
	int64_t d = repeats * step_bp;
	return d < cap_bp ? d : cap_bp;
}

int64_t loyalty_points_for_fen(int64_t net_fen, int64_t points_per_yuan)
{
	if (net_fen <= 0 || points_per_yuan <= 0)
		return 0;
	/* floor(net_fen × ppy / 100) without overflow for any realistic amount. */
	return (net_fen / 100) * points_per_yuan + (net_fen % 100) * points_per_yuan / 100;
}

static const struct loyalty_suggestion exploring[] = {
	{"frequency_reward", "常客奖励计划", "promotion", "financial",
	 "A discount that grows with each repeat purchase answers the wish for more material benefit.",
	 "每次重复购买折扣递增,满足客户获得更多物质利益的期望。"},
	{"emotional_contact", "感情联络计划", "club_event", "social",
	 "Unexpected small extras and greetings show the firm cares.",
	 "提供意料之外的附加价值与节日问候,让客户感受到企业的关爱。"},
};
static const struct loyalty_suggestion prospect[] = {
	{"customer_education", "客户教育", "education", "financial",
	 "Teach the prospect what the product does before asking for the first order.",
	 "先通过客户教育让潜在客户了解产品,再促成首次购买。"},
	{"emotional_contact", "感情联络计划", "meeting", "social",
	 "Meet and greet to build first trust.", "通过见面会与问候建立初步信任。"},
};
static const struct loyalty_suggestion forming[] = {
	{"special_treatment", "特别对待", "club_event", "social",
	 "Treat the customer as someone special: priority service, personal contact, a higher tier.",
	 "给予特别对待:优先服务、专人联系、更高会员等级。"},
	{"frequency_reward", "常客奖励计划", "promotion", "financial",
	 "Keep rewarding repeat purchases while the relationship forms.", "关系形成期继续奖励重复购买。"},
};
static const struct loyalty_suggestion stable[] = {
	{"community", "共同体计划", "club_event", "structural",
	 "Make the customer part of the firm: ask for advice, involve them in events, reward ideas.",
	 "将客户视为企业的一部分,邀请其参与活动、听取建议并给予奖励。"},
};
static const struct loyalty_suggestion declining[] = {
	{"win_back", "挽回计划", "email_sms", "financial",
	 "Find out why purchases fall and make a targeted offer.", "了解购买下降的原因,有针对性地提供优惠。"},
	{"special_treatment", "特别对待", "meeting", "social",
	 "A personal visit from the account manager.", "客户经理亲自拜访。"},
};
static const struct loyalty_suggestion ended[] = {
	{"win_back", "挽回计划", "email_sms", "financial",
	 "A last offer and a short survey on why the customer left.", "最后一次挽回优惠,并调查客户流失原因。"},
};

#define ADVICE(key, zh, phase, arr) {key, zh, phase, arr, sizeof(arr) / sizeof((arr)[0])}
static const struct loyalty_stage_advice advice[] = {
	ADVICE("prospect", "潜在客户期", "考察期", prospect),
	ADVICE("development", "客户开发期", "考察期", exploring),
	ADVICE("growth", "成长期", "形成期", forming),
	ADVICE("maturity", "成熟期", "稳定期", stable),
	ADVICE("decline", "衰退期", "退化期", declining),
	ADVICE("termination", "终止期", "退化期", ended),
};

const struct loyalty_stage_advice *loyalty_stage_advice(const char *stage)
{
	for (size_t i = 0; stage && i < sizeof advice / sizeof *advice; i++)
		if (strcmp(advice[i].stage, stage) == 0)
			return &advice[i];
	return NULL;
}
