# Chinese messages: the catalogue po/zh_CN.po is complete (msgfmt counts no untranslated or
# fuzzy entry) and the binary speaks Chinese with --lang zh or GUANXI_LANG=zh: help, errors,
# reports, table headers, and entity names taken from src/store/entities.c.
. "$(dirname "$0")/lib.sh"
PO="$(dirname "$0")/../../po/zh_CN.po"

if command -v msgfmt >/dev/null 2>&1; then
	stats=$(msgfmt --check --statistics -o /dev/null "$PO" 2>&1)
	expect_eq "$?" "0" "msgfmt --check accepts po/zh_CN.po"
	case "$stats" in
	*untranslated* | *fuzzy*) fail "po/zh_CN.po is incomplete: $stats" ;;
	*" translated message"*) pass ;;
	*) fail "unexpected msgfmt statistics: $stats" ;;
	esac
fi

run --help --lang zh
expect_status 0 "help in Chinese"
expect_out "Guanxi CRM — 客户关系管理系统" "help title"
expect_out "用法: guanxi <命令> [选项]" "usage line with translated placeholders"
expect_out "从公海领取客户（以 --user 身份）" "command summaries are translated, options kept"
expect_no_out "Run \`guanxi" "no English left in the help"

run customer add --help --lang zh
expect_out "即使电话、邮箱或信用代码与现有客户相同也创建" "option help"
expect_out "通用选项:" "section title"

run init --lang zh
expect_status 0 "init"
expect_out "已就绪（数据结构版本" "init report"

run customer show NOPE --lang zh
expect_status 1 "unknown customer"
expect_err "没有编号或 ID 为 NOPE 的客户" "not-found error"

run customer add code=C1 name=张伟 mobile=13800138000 --lang zh
expect_status 0 "customer add"
expect_out "已创建客户 C1（ID 1）" "creation report with its numbers"
run customer add name=李娜 mobile=1380013 --lang zh
expect_status 1 "bad phone"
expect_err "开头像手机号，但手机号应为 11 位" "phone validation reason"
run customer add city=上海 --lang zh
expect_err "客户名称为必填项" "required field, with the field's Chinese label"

export GUANXI_LANG=zh
run customer delete C1
expect_out "客户 1 已移入回收站" "GUANXI_LANG=zh is honoured"
run customer show C1
expect_err "客户 1 在回收站中" "recycle bin error"
run customer restore C1
expect_out "客户 1 已恢复" "restore report"

run user add zhang display_name=张强 role=sales
expect_status 0 "user add"
expect_out "已创建用户 zhang（ID 1）" "entity name (entities.c label) is translated"
run user add zhang display_name=张强 role=sales
expect_err "用户 zhang 已存在" "conflict names the entity in Chinese"

run search 张伟
expect_status 0 "search"
expect_out "匹配" "search table header"
expect_out "前缀匹配" "match class"
run customer show C1
expect_out "创建时间" "record header"

run customer list --filter 'nme eq "x"'
expect_err "筛选条件：未知字段 \"nme\"（位置 1）" "filter error keeps the ASCII quotes"
run customer list --bogus
expect_status 2 "usage error"
expect_err "未知选项: --bogus" "unknown option"
expect_err "参见 \`guanxi customer list --help\`" "pointer to the help"

run customer show C1 --lang en
expect_out "Created" "--lang en overrides GUANXI_LANG"

finish
