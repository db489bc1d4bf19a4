/* The tables the demo generator draws from: common Chinese surnames and given-name characters
 * (with pinyin for e-mail addresses and WeChat IDs), real cities with their province, districts,
 * administrative division code, landline area code and postcode, words for company names, and
 * the demo company's product range. Surname weights follow the published ranking of the most
 * common surnames (王, 李, 张, 刘, 陈 first) only roughly. */
#include "app/demo_internal.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))
#define TABLE_N(name) const size_t name##_n = COUNT(name)

const struct demo_surname demo_surnames[] = {
	{"王", "wang", 72}, {"李", "li", 71}, {"张", "zhang", 68}, {"刘", "liu", 52},
	{"陈", "chen", 46}, {"杨", "yang", 32}, {"黄", "huang", 24}, {"赵", "zhao", 22},
	{"吴", "wu", 20}, {"周", "zhou", 20}, {"徐", "xu", 14}, {"孙", "sun", 13},
	{"马", "ma", 12}, {"朱", "zhu", 12}, {"胡", "hu", 11}, {"郭", "guo", 11},
	{"何", "he", 10}, {"高", "gao", 10}, {"林", "lin", 10}, {"罗", "luo", 9},
	{"郑", "zheng", 9}, {"梁", "liang", 8}, {"谢", "xie", 7}, {"宋", "song", 7},
	{"唐", "tang", 7}, {"许", "xu", 6}, {"韩", "han", 6}, {"冯", "feng", 6},
	{"邓", "deng", 6}, {"曹", "cao", 6}, {"彭", "peng", 5}, {"曾", "zeng", 5},
	{"肖", "xiao", 5}, {"田", "tian", 5}, {"董", "dong", 5}, {"袁", "yuan", 4},
	{"潘", "pan", 4}, {"于", "yu", 4}, {"蒋", "jiang", 4}, {"蔡", "cai", 4},
	{"余", "yu", 4}, {"杜", "du", 4}, {"叶", "ye", 4}, {"程", "cheng", 4},
	{"苏", "su", 3}, {"魏", "wei", 3}, {"吕", "lv", 3}, {"丁", "ding", 3},
	{"任", "ren", 3}, {"沈", "shen", 3}, {"姚", "yao", 3}, {"卢", "lu", 3},
	{"欧阳", "ouyang", 1}, {"司马", "sima", 1}, {"上官", "shangguan", 1},
};
TABLE_N(demo_surnames);

const struct demo_syllable demo_given_male[] = {
	{"伟", "wei"}, {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"}, {"洋", "yang"},
	{"勇", "yong"}, {"杰", "jie"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"},
	{"刚", "gang"}, {"华", "hua"}, {"辉", "hui"}, {"建", "jian"}, {"国", "guo"},
	{"鹏", "peng"}, {"宇", "yu"}, {"浩", "hao"}, {"博", "bo"}, {"俊", "jun"},
	{"凯", "kai"}, {"斌", "bin"}, {"睿", "rui"}, {"泽", "ze"}, {"轩", "xuan"},
	{"峰", "feng"}, {"海", "hai"}, {"亮", "liang"}, {"龙", "long"}, {"志", "zhi"},
	{"晨", "chen"}, {"文", "wen"}, {"平", "ping"}, {"东", "dong"}, {"成", "cheng"},
	{"林", "lin"}, {"嘉", "jia"}, {"子", "zi"}, {"一", "yi"}, {"天", "tian"},
};
TABLE_N(demo_given_male);

const struct demo_syllable demo_given_female[] = {
	{"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"},
	{"艳", "yan"}, {"娟", "juan"}, {"秀", "xiu"}, {"霞", "xia"}, {"桂", "gui"},
	{"英", "ying"}, {"玉", "yu"}, {"红", "hong"}, {"婷", "ting"}, {"欣", "xin"},
	{"佳", "jia"}, {"雪", "xue"}, {"琳", "lin"}, {"思", "si"}, {"怡", "yi"},
	{"涵", "han"}, {"梅", "mei"}, {"兰", "lan"}, {"雨", "yu"}, {"萱", "xuan"},
	{"诗", "shi"}, {"冰", "bing"}, {"春", "chun"}, {"晓", "xiao"}, {"云", "yun"},
	{"慧", "hui"}, {"倩", "qian"}, {"颖", "ying"}, {"洁", "jie"}, {"燕", "yan"},
	{"璐", "lu"}, {"梦", "meng"}, {"悦", "yue"}, {"可", "ke"}, {"心", "xin"},
};
TABLE_N(demo_given_female);

/* Division codes are the cities' own codes of GB/T 2260; districts are real ones of each city. */
const struct demo_city demo_cities[] = {
	{"上海市", "上海市", "上海", "shanghai", "310100", "21", "200000", DEMO_REGION_EAST,
	 {"浦东新区", "徐汇区", "静安区", "黄浦区", "闵行区", "长宁区"}},
	{"浙江省", "杭州市", "杭州", "hangzhou", "330100", "571", "310000", DEMO_REGION_EAST,
	 {"西湖区", "上城区", "拱墅区", "滨江区", "余杭区", "萧山区"}},
	{"浙江省", "宁波市", "宁波", "ningbo", "330200", "574", "315000", DEMO_REGION_EAST,
	 {"海曙区", "鄞州区", "江北区", "北仑区", "镇海区", NULL}},
	{"江苏省", "南京市", "南京", "nanjing", "320100", "25", "210000", DEMO_REGION_EAST,
	 {"玄武区", "鼓楼区", "建邺区", "秦淮区", "江宁区", NULL}},
	{"江苏省", "苏州市", "苏州", "suzhou", "320500", "512", "215000", DEMO_REGION_EAST,
	 {"姑苏区", "虎丘区", "吴中区", "相城区", "吴江区", NULL}},
	{"安徽省", "合肥市", "合肥", "hefei", "340100", "551", "230000", DEMO_REGION_EAST,
	 {"蜀山区", "包河区", "庐阳区", "瑶海区", NULL, NULL}},
	{"福建省", "厦门市", "厦门", "xiamen", "350200", "592", "361000", DEMO_REGION_EAST,
	 {"思明区", "湖里区", "集美区", "海沧区", NULL, NULL}},
	{"北京市", "北京市", "北京", "beijing", "110100", "10", "100000", DEMO_REGION_NORTH,
	 {"朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区"}},
	{"天津市", "天津市", "天津", "tianjin", "120100", "22", "300000", DEMO_REGION_NORTH,
	 {"和平区", "南开区", "河西区", "滨海新区", "河东区", NULL}},
	{"河北省", "石家庄市", "石家庄", "shijiazhuang", "130100", "311", "050000", DEMO_REGION_NORTH,
	 {"长安区", "桥西区", "裕华区", "新华区", NULL, NULL}},
	{"山西省", "太原市", "太原", "taiyuan", "140100", "351", "030000", DEMO_REGION_NORTH,
	 {"小店区", "迎泽区", "杏花岭区", "万柏林区", NULL, NULL}},
	{"山东省", "济南市", "济南", "jinan", "370100", "531", "250000", DEMO_REGION_NORTH,
	 {"历下区", "市中区", "槐荫区", "天桥区", NULL, NULL}},
	{"山东省", "青岛市", "青岛", "qingdao", "370200", "532", "266000", DEMO_REGION_NORTH,
	 {"市南区", "市北区", "崂山区", "李沧区", "黄岛区", NULL}},
	{"内蒙古自治区", "呼和浩特市", "呼和浩特", "huhehaote", "150100", "471", "010000", DEMO_REGION_NORTH,
	 {"新城区", "回民区", "赛罕区", "玉泉区", NULL, NULL}},
	{"广东省", "广州市", "广州", "guangzhou", "440100", "20", "510000", DEMO_REGION_OTHER,
	 {"天河区", "越秀区", "海珠区", "白云区", "番禺区", NULL}},
	{"广东省", "深圳市", "深圳", "shenzhen", "440300", "755", "518000", DEMO_REGION_OTHER,
	 {"南山区", "福田区", "罗湖区", "宝安区", "龙岗区", NULL}},
	{"四川省", "成都市", "成都", "chengdu", "510100", "28", "610000", DEMO_REGION_OTHER,
	 {"锦江区", "武侯区", "青羊区", "金牛区", "成华区", NULL}},
	{"湖北省", "武汉市", "武汉", "wuhan", "420100", "27", "430000", DEMO_REGION_OTHER,
	 {"江汉区", "武昌区", "洪山区", "江岸区", "汉阳区", NULL}},
};
TABLE_N(demo_cities);

const struct demo_syllable demo_brands[] = {
	{"星辰", "xingchen"}, {"华信", "huaxin"}, {"远航", "yuanhang"}, {"恒通", "hengtong"},
	{"瑞丰", "ruifeng"}, {"金桥", "jinqiao"}, {"宏达", "hongda"}, {"鼎盛", "dingsheng"},
	{"天成", "tiancheng"}, {"博远", "boyuan"}, {"嘉禾", "jiahe"}, {"新锐", "xinrui"},
	{"中联", "zhonglian"}, {"汇智", "huizhi"}, {"安泰", "antai"}, {"永兴", "yongxing"},
	{"隆盛", "longsheng"}, {"聚源", "juyuan"}, {"卓越", "zhuoyue"}, {"青云", "qingyun"},
	{"海纳", "haina"}, {"锦程", "jincheng"}, {"明德", "mingde"}, {"同舟", "tongzhou"},
	{"和润", "herun"}, {"晨曦", "chenxi"}, {"东方", "dongfang"}, {"正源", "zhengyuan"},
	{"弘毅", "hongyi"}, {"盛世", "shengshi"}, {"祥瑞", "xiangrui"}, {"润泽", "runze"},
	{"云帆", "yunfan"}, {"启航", "qihang"}, {"联创", "lianchuang"}, {"致远", "zhiyuan"},
	{"立信", "lixin"}, {"万嘉", "wanjia"}, {"泰和", "taihe"}, {"银河", "yinhe"},
	{"长风", "changfeng"}, {"蓝海", "lanhai"}, {"翰林", "hanlin"}, {"乐途", "letu"},
	{"方圆", "fangyuan"}, {"凌云", "lingyun"}, {"开元", "kaiyuan"}, {"融信", "rongxin"},
};
TABLE_N(demo_brands);

const struct demo_trade demo_trades[] = {
	{"科技", "信息技术"}, {"软件", "信息技术"}, {"贸易", "批发零售"}, {"商贸", "批发零售"},
	{"餐饮管理", "餐饮"}, {"建材", "建筑建材"}, {"建筑工程", "建筑建材"},
	{"医疗器械", "医疗健康"}, {"食品", "食品饮料"}, {"物流", "交通物流"},
	{"教育咨询", "教育培训"}, {"文化传媒", "文化传媒"}, {"电子", "电子制造"},
	{"机械设备", "机械制造"}, {"服饰", "纺织服装"}, {"家具", "家居"}, {"化工", "化工"},
	{"酒店管理", "酒店旅游"}, {"农业发展", "农业"}, {"环保科技", "环保"},
	{"汽车服务", "汽车"}, {"印务", "印刷包装"}, {"会计师事务所", "专业服务"},
	{"律师事务所", "专业服务"}, {"物业管理", "房地产"},
};
TABLE_N(demo_trades);

const struct demo_category demo_categories[] = {
	{"GOODS", "商品", NULL},
	{"OE", "办公设备", "GOODS"},
	{"PC", "电脑及配件", "GOODS"},
	{"SU", "办公耗材", "GOODS"},
	{"TE", "茶叶礼品", "GOODS"},
	{"SV", "服务", NULL},
};
TABLE_N(demo_categories);

/* Prices and costs in fen. */
const struct demo_product demo_products[] = {
	{"OE-001", "激光打印机", "OE", "台", 129900, 98000, 0, 1, 10},
	{"OE-002", "彩色激光打印机", "OE", "台", 329900, 255000, 0, 1, 5},
	{"OE-003", "多功能一体机", "OE", "台", 219900, 165000, 0, 1, 8},
	{"OE-004", "A3数码复合机", "OE", "台", 1880000, 1450000, 1, 1, 3},
	{"OE-005", "商务投影仪", "OE", "台", 399900, 300000, 0, 1, 4},
	{"OE-006", "碎纸机", "OE", "台", 69900, 42000, 0, 1, 5},
	{"OE-007", "装订机", "OE", "台", 45900, 28000, 0, 1, 3},
	{"OE-008", "人脸识别考勤机", "OE", "台", 39900, 23000, 1, 1, 4},
	{"PC-001", "14英寸轻薄笔记本", "PC", "台", 529900, 440000, 0, 1, 20},
	{"PC-002", "15.6英寸商务笔记本", "PC", "台", 649900, 530000, 0, 1, 30},
	{"PC-003", "台式电脑主机", "PC", "台", 429900, 350000, 0, 1, 30},
	{"PC-004", "27英寸显示器", "PC", "台", 159900, 115000, 0, 2, 30},
	{"PC-005", "24英寸显示器", "PC", "台", 89900, 64000, 0, 2, 40},
	{"PC-006", "无线键鼠套装", "PC", "套", 19900, 10500, 0, 2, 50},
	{"PC-007", "2TB移动硬盘", "PC", "个", 49900, 36000, 0, 2, 20},
	{"PC-008", "USB-C扩展坞", "PC", "个", 32900, 19000, 0, 2, 30},
	{"SU-001", "A4复印纸（5包/箱）", "SU", "箱", 13900, 9800, 0, 3, 60},
	{"SU-002", "原装硒鼓", "SU", "个", 45900, 31000, 0, 2, 30},
	{"SU-003", "兼容硒鼓", "SU", "个", 12900, 6200, 0, 3, 40},
	{"SU-004", "墨盒套装", "SU", "套", 26900, 17000, 0, 2, 20},
	{"SU-005", "中性笔（12支）", "SU", "盒", 1800, 850, 0, 5, 100},
	{"SU-006", "文件夹（10个）", "SU", "包", 3500, 1600, 0, 3, 80},
	{"SU-007", "便利贴", "SU", "包", 1200, 480, 0, 5, 100},
	{"SU-008", "订书机", "SU", "个", 2500, 1100, 0, 2, 40},
	{"TE-001", "西湖龙井礼盒（250克）", "TE", "盒", 68800, 42000, 0, 3, 50},
	{"TE-002", "安溪铁观音（500克）", "TE", "盒", 36800, 21000, 0, 3, 40},
	{"TE-003", "云南普洱茶饼（357克）", "TE", "饼", 29800, 15000, 0, 4, 40},
	{"TE-004", "武夷大红袍礼盒", "TE", "盒", 58800, 33000, 0, 2, 50},
	{"TE-005", "福鼎白茶饼", "TE", "饼", 25800, 13000, 0, 4, 40},
	{"TE-006", "功夫茶具套装", "TE", "套", 39900, 19000, 0, 1, 20},
	{"TE-007", "企业定制茶礼（20份）", "TE", "套", 598000, 390000, 1, 1, 5},
	{"TE-008", "中秋茶礼", "TE", "盒", 32800, 19000, 0, 4, 100},
	{"SV-001", "上门维修服务", "SV", "次", 20000, 8000, 0, 1, 5},
	{"SV-002", "年度维保合同", "SV", "份", 360000, 150000, 1, 1, 2},
	{"SV-003", "安装调试服务", "SV", "次", 15000, 5000, 0, 1, 5},
	{"SV-004", "数据恢复服务", "SV", "次", 80000, 30000, 0, 1, 2},
	{"SV-005", "办公网络布线", "SV", "项", 480000, 290000, 1, 1, 1},
	{"SV-006", "设备租赁（月）", "SV", "月", 68000, 35000, 1, 1, 12},
	{"SV-007", "延保服务（2年）", "SV", "份", 39900, 12000, 0, 1, 10},
	{"SV-008", "上门培训", "SV", "次", 120000, 40000, 1, 1, 3},
};
TABLE_N(demo_products);

const char *const demo_roads[] = {
	"人民路", "中山路", "解放路", "建设路", "长江路", "和平路", "文化路", "新华路",
	"友谊路", "光明路", "青年路", "迎宾大道", "科技路", "学府路", "滨河路", "金融街",
};
TABLE_N(demo_roads);

const char *const demo_sources[] = {
	"老客户推荐", "线上商城", "展会", "电话营销", "门店到访", "微信公众号", "搜索引擎推广",
	"合作伙伴", "地推活动",
};
TABLE_N(demo_sources);

const char *const demo_order_channels[] = {"门店", "线上商城", "电话订购", "微信小程序", "销售拜访"};
TABLE_N(demo_order_channels);

const char *const demo_mail_domains[] = {"qq.com", "163.com", "126.com", "sina.com", "foxmail.com",
                                         "outlook.com"};
TABLE_N(demo_mail_domains);

const char *const demo_contact_titles[] = {"总经理", "采购经理", "行政主管", "财务经理", "IT主管",
                                           "办公室主任", "采购专员", "副总经理"};
TABLE_N(demo_contact_titles);
