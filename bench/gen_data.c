/* Benchmark data generator for `make bench`: writes the CSV files that `guanxi import` reads,
 * in the Chinese-header layout of `guanxi export <entity> --template --lang zh`, from a fixed
 * seed so that every run imports the same bytes:
 *   customers.csv  N customers (persons and organisations, unique valid mobiles and e-mails,
 *                  organisations with a valid unique 统一社会信用代码)
 *   products.csv   2,000 products
 *   orders.csv     about M order lines: orders of 1–3 lines, at most one order per customer
 *                  per day, over three years (2023-01-01 … 2025-12-31)
 * Usage: gen_data OUTDIR CUSTOMERS ORDER_LINES
 * Prints "customers N orders N lines N" on stdout. Standalone: no project headers, so it
 * builds on its own with `cc -O2 bench/gen_data.c`. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define NPRODUCTS 2000
#define DAYS 1096   /* 2023-01-01 … 2025-12-31 */

static uint64_t rng_state = 0x243F6A8885A308D3ull;   /* fixed seed */

static uint64_t rng(void)   /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

/* Common surnames first and repeated, so that frequent ones come up more often. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
	"徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐",
	"许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
	"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟",
	"欧阳", "司马", "上官",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
	"明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "飞", "鹏", "辉",
	"宇", "浩", "凯", "俊", "鑫", "婷", "雪", "琳", "晶", "欣", "怡", "佳", "慧", "颖", "倩",
	"文", "斌", "波", "宁", "亮", "峰", "建", "国", "云", "龙", "海", "燕", "丹", "梅", "春",
};
static const struct { const char *province, *city, *division; } places[] = {
	{"北京市", "北京市", "110105"}, {"上海市", "上海市", "310115"}, {"广东省", "广州市", "440106"},
	{"广东省", "深圳市", "440305"}, {"浙江省", "杭州市", "330106"}, {"四川省", "成都市", "510107"},
	{"湖北省", "武汉市", "420106"}, {"江苏省", "南京市", "320106"}, {"江苏省", "苏州市", "320505"},
	{"陕西省", "西安市", "610113"}, {"重庆市", "重庆市", "500108"}, {"天津市", "天津市", "120104"},
	{"湖南省", "长沙市", "430104"}, {"河南省", "郑州市", "410105"}, {"山东省", "青岛市", "370212"},
	{"福建省", "厦门市", "350203"},
};
static const char *const streets[] = {"人民路", "解放路", "中山路", "建设路", "和平路", "文化路",
                                      "长江路", "黄河路", "科技园路", "新华街"};
static const char *const firm_words[] = {"华信", "中泰", "鼎盛", "瑞丰", "恒通", "金桥", "宏图",
                                         "博远", "天成", "永安", "新锐", "汇达", "嘉禾", "星辰"};
static const char *const trades[] = {"科技", "贸易", "信息技术", "文化传媒", "电子商务",
                                     "餐饮管理", "建筑工程", "医疗器械", "教育咨询", "物流"};
static const char *const industries[] = {"制造业", "批发和零售业", "信息技术", "建筑业",
                                         "住宿和餐饮业", "教育", "卫生", "交通运输"};
static const char *const sources[] = {"线上商城", "门店", "老客户推荐", "展会", "电话营销", "微信"};
static const char *const tag_sets[] = {"VIP", "老客户", "VIP;老客户", "价格敏感", "新客户"};
static const char *const domains[] = {"qq.com", "163.com", "126.com", "gmail.com", "sina.com",
                                      "foxmail.com", "outlook.com", "139.com", "aliyun.com"};
static const char *const mobile_prefix[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
	"152", "153", "155", "156", "157", "158", "159", "166", "170", "173", "176", "177", "178",
	"180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
};
static const char *const channels[] = {"门店", "线上商城", "微信小程序", "电话订购"};
static const char *const product_kinds[] = {"绿茶", "红茶", "乌龙茶", "普洱茶", "白茶", "茶具",
                                            "礼盒", "花茶"};
static const char *const units[] = {"盒", "罐", "套", "袋", "件"};

/* Days since 1970-01-01 to a civil date (proleptic Gregorian; the well-known
 * days-from-civil inverse). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 32100-2015 check character: weights 3^i mod 31, check = 31 - sum mod 31. */
static char uscc_check(const char *first17)
{
	int sum = 0, w = 1;
	for (int i = 0; i < 17; i++) {
		sum += (int)(strchr(uscc_alphabet, first17[i]) - uscc_alphabet) * w;
		w = w * 3 % 31;
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

/* A unique mobile number per index: the prefix cycles, the 8 subscriber digits are the
 * quotient times a unit modulo 10^8 (a bijection), so no two customers share one. */
static void mobile_of(uint64_t i, char out[12])
{
	size_t np = N_OF(mobile_prefix);
	uint64_t sub = (i / np * 48271ull + 12345679ull) % 100000000ull;
	snprintf(out, 12, "%s%08" PRIu64, mobile_prefix[i % np], sub);
}

static int64_t product_price_fen[NPRODUCTS];

static void write_products(FILE *f)
{
	fputs("产品编号,产品名称,单位,单价,成本,在售\n", f);
	for (int p = 0; p < NPRODUCTS; p++) {
		int64_t price = 990 + (int64_t)pick(300) * 1000 + (pick(2) ? 0 : 800);
		product_price_fen[p] = price;
		int64_t cost = price * (40 + pick(30)) / 100;
		fprintf(f, "P%05d,%s%s %d号,%s,%" PRId64 ".%02" PRId64 ",%" PRId64 ".%02" PRId64 ",1\n", p + 1,
		        places[pick(N_OF(places))].city, product_kinds[pick(N_OF(product_kinds))], p + 1,
		        units[pick(N_OF(units))], price / 100, price % 100, cost / 100, cost % 100);
	}
}

static void write_customers(FILE *f, uint64_t n)
{
	fputs("客户编号,客户类型,客户名称,省份,城市,地址,客户来源,标签,行业,手机,电子邮箱,"
	      "统一社会信用代码,性别,生日,备注\n", f);
	for (uint64_t i = 0; i < n; i++) {
		unsigned pl = pick(N_OF(places));
		int org = pick(100) < 15;
		char name[128], mobile[12], email[80] = "", uscc[32] = "", birthday[11] = "";
		if (org) {
			snprintf(name, sizeof name, "%s%s%s有限公司", places[pl].city, firm_words[pick(N_OF(firm_words))],
			         trades[pick(N_OF(trades))]);
			/* 9 = registered by market regulation, 1 = company; the 9-character organisation
			 * code is the index in digits, so codes are unique. */
			snprintf(uscc, sizeof uscc, "91%s%09" PRIu64, places[pl].division, i + 1);
			uscc[17] = uscc_check(uscc);
			uscc[18] = '\0';
		} else {
			snprintf(name, sizeof name, "%s%s%s", surnames[pick(N_OF(surnames))], given[pick(N_OF(given))],
			         pick(3) ? given[pick(N_OF(given))] : "");
			int y, m, d;
			civil_from_days(-7300 + (int64_t)pick(20000), &y, &m, &d);   /* 1950 … 2024 */
			snprintf(birthday, sizeof birthday, "%04d-%02d-%02d", y, m, d);
		}
		mobile_of(i, mobile);
		if (pick(10) < 7) {
			char user[16];
			unsigned len = 3 + pick(6);
			for (unsigned k = 0; k < len; k++)
				user[k] = (char)('a' + pick(26));
			user[len] = '\0';
			snprintf(email, sizeof email, "%s%" PRIu64 "@%s", user, i + 1, domains[pick(N_OF(domains))]);
		}
		fprintf(f, "C%08" PRIu64 ",%s,%s,%s,%s,%s%s%u号,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", i + 1,
		        org ? "organization" : "person", name, places[pl].province, places[pl].city,
		        places[pl].city, streets[pick(N_OF(streets))], 1 + pick(300), sources[pick(N_OF(sources))],
		        pick(5) ? "" : tag_sets[pick(N_OF(tag_sets))], org ? industries[pick(N_OF(industries))] : "",
		        mobile, email, uscc, org ? "" : (pick(2) ? "male" : "female"), birthday,
		        pick(20) ? "" : "\"偏好周末送货，电话前请先发短信\"");
	}
}

/* Orders grouped by customer; each customer's order days are distinct. Stops once the
 * requested number of lines is reached (the last order is completed). */
static void write_orders(FILE *f, uint64_t ncust, uint64_t nlines, uint64_t *orders_out,
                         uint64_t *lines_out)
{
	fputs("订单编号,客户,下单时间,渠道,产品编号,数量,单价\n", f);
	/* 2 lines per order on average: orders per customer average nlines / (2 ncust), uniform
	 * in 1 … span; half an order more than that, so that the lines run out (and generation
	 * stops) just before the last customers rather than short of the target. */
	double mean = (double)nlines / 2.0 / (double)ncust;
	unsigned span = mean < 1 ? 1 : (unsigned)(2 * mean + 0.5);
	if (span > 300)
		span = 300;
	uint64_t orders = 0, lines = 0;
	static unsigned char used[DAYS];
	const int64_t day0 = 19358;   /* 2023-01-01 */
	for (uint64_t c = 0; c < ncust && lines < nlines; c++) {
		unsigned k = 1 + pick(span);
		memset(used, 0, sizeof used);
		for (unsigned o = 0; o < k && lines < nlines; o++) {
			unsigned day;
			do
				day = pick(DAYS);
			while (used[day]);
			used[day] = 1;
			int y, m, d;
			civil_from_days(day0 + day, &y, &m, &d);
			char when[24];
			snprintf(when, sizeof when, "%04d-%02d-%02d %02u:%02u:%02u", y, m, d, 8 + pick(14), pick(60),
			         pick(60));
			const char *channel = channels[pick(N_OF(channels))];
			unsigned nl = 1 + pick(3);
			unsigned first = pick(NPRODUCTS);
			orders++;
			for (unsigned l = 0; l < nl; l++) {
				unsigned p = (first + l * 7) % NPRODUCTS;   /* distinct products in one order */
				int64_t price = product_price_fen[p];
				fprintf(f, "SO%010" PRIu64 ",C%08" PRIu64 ",%s,%s,P%05u,%u,%" PRId64 ".%02" PRId64 "\n", orders,
				        c + 1, when, channel, p + 1, 1 + pick(5), price / 100, price % 100);
				lines++;
			}
		}
	}
	*orders_out = orders;
	*lines_out = lines;
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	return f;
}

static void close_out(FILE *f)
{
	if (fclose(f) != 0) {
		perror("gen_data: write");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s OUTDIR CUSTOMERS ORDER_LINES\n", argv[0]);
		return 2;
	}
	uint64_t ncust = strtoull(argv[2], NULL, 10), nlines = strtoull(argv[3], NULL, 10);
	if (ncust == 0 || ncust > 99999999) {
		fprintf(stderr, "gen_data: CUSTOMERS must be 1 … 99999999\n");
		return 2;
	}
	FILE *f = open_out(argv[1], "products.csv");
	write_products(f);
	close_out(f);
	f = open_out(argv[1], "customers.csv");
	write_customers(f, ncust);
	close_out(f);
	uint64_t orders, lines;
	f = open_out(argv[1], "orders.csv");
	write_orders(f, ncust, nlines, &orders, &lines);
	close_out(f);
	printf("customers %" PRIu64 " orders %" PRIu64 " lines %" PRIu64 "\n", ncust, orders, lines);
	return 0;
}
