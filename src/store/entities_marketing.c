/* Field tables of segments, campaigns and clubs (see guanxi/entity_marketing.h); column names
 * match migrations/<backend>/0008_marketing.sql. */
#include "guanxi/entity_marketing.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SYS (FF_SYSTEM | FF_NO_IMPORT)
#define HID (FF_SYSTEM | FF_NO_IMPORT | FF_NO_EXPORT | FF_HIDDEN)

const char *const campaign_types[] = {"advertising", "meeting", "exhibition", "promotion",
                                      "email_sms", "club_event", "education", NULL};
const char *const campaign_rm_levels[] = {"financial", "social", "structural", NULL};
static const char *const campaign_statuses[] = {"draft", "launched", "closed", NULL};

static const struct field_def segment_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "细分编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "细分名称", NULL, NULL, NULL, 100},
	{"filter", FT_TEXT, FF_REQUIRED, "Filter", "筛选条件", NULL, NULL, NULL, 8192},
	{"description", FT_TEXT, 0, "Description", "说明", NULL, NULL, NULL, 2000},
	{"created_by", FT_REF, SYS, "Created by", "创建人", NULL, "user", NULL, 0},
};

static const struct field_def campaign_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "活动编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "活动名称", NULL, NULL, NULL, 200},
	{"type", FT_ENUM, FF_REQUIRED, "Type", "活动类型", campaign_types, NULL, NULL, 0},
	{"rm_level", FT_ENUM, FF_REQUIRED, "Relationship-marketing level", "关系营销层次",
	 campaign_rm_levels, NULL, NULL, 0},
	{"segment_id", FT_REF, 0, "Target segment", "目标细分", NULL, "segment", NULL, 0},
	{"budget_fen", FT_FEN, 0, "Budget", "预算", NULL, NULL, NULL, 0},
	{"actual_cost_fen", FT_FEN, 0, "Actual cost", "实际费用", NULL, NULL, NULL, 0},
	{"starts_on", FT_DATE, 0, "Starts on", "开始日期", NULL, NULL, NULL, 0},
	{"ends_on", FT_DATE, 0, "Ends on", "结束日期", NULL, NULL, NULL, 0},
	{"status", FT_ENUM, SYS, "Status", "状态", campaign_statuses, NULL, NULL, 0},
	{"launched_at", FT_INSTANT, SYS, "Launched at", "启动时间", NULL, NULL, NULL, 0},
	{"launch_filter", FT_TEXT, SYS, "Filter at launch", "启动时筛选条件", NULL, NULL, NULL, 8192},
	{"member_count", FT_INT, SYS, "Members", "成员数", NULL, NULL, NULL, 0},
	{"owner_id", FT_REF, 0, "Owner", "负责人", NULL, "user", NULL, 0},
	{"notes", FT_TEXT, 0, "Notes", "备注", NULL, NULL, NULL, 4000},
};

static const struct field_def club_fields[] = {
	{"code", FT_CODE, FF_REQUIRED, "Code", "俱乐部编号", NULL, NULL, NULL, 0},
	{"name", FT_TEXT, FF_REQUIRED, "Name", "俱乐部名称", NULL, NULL, NULL, 100},
	{"description", FT_TEXT, 0, "Description", "说明", NULL, NULL, NULL, 2000},
	{"points_per_yuan", FT_INT, 0, "Points per yuan", "每元积分", NULL, NULL, NULL, 0},
	{"expiry_months", FT_INT, 0, "Points expire after (months, 0 never)", "积分有效期(月)", NULL, NULL, NULL, 0},
	{"freq_step_bp", FT_INT, 0, "Frequency reward step (basis points)", "常客奖励每次增幅(基点)", NULL, NULL, NULL, 0},
	{"freq_cap_bp", FT_INT, 0, "Frequency reward cap (basis points)", "常客奖励上限(基点)", NULL, NULL, NULL, 0},
};

const struct entity_def entity_segment = {"segment", "segments", "code", "Segment", "客户细分",
                                          segment_fields, N(segment_fields), 1, 1};
const struct entity_def entity_campaign = {"campaign", "campaigns", "code", "Campaign", "营销活动",
                                           campaign_fields, N(campaign_fields), 1, 1,
                                           "owner_id", NULL, NULL, NULL, NULL, 1, NULL, NULL};
const struct entity_def entity_club = {"club", "clubs", "code", "Club", "会员俱乐部", club_fields,
                                       N(club_fields), 1, 1};
