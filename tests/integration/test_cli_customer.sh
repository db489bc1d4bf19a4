# CLI integration: init, customers (create, duplicates, update with versions, recycle bin,
# merge), interactions, the public pool and its limits, settings, and exit codes.
. "$(dirname "$0")/lib.sh"

run init
expect_status 0 "init creates the database"
expect_out "schema version" "init reports the schema version"
run init
expect_status 0 "init on an existing database is harmless"

run department add SALES name=销售部
expect_status 0 "department add"
run department add EAST name=华东区 parent_id=SALES
expect_status 0 "sub-department with parent by code"
run user add wang display_name=王芳 role=sales department_id=EAST
expect_status 0 "user add"
run user add li display_name=李强 role=sales department_id=EAST
expect_status 0 "second user"
run user add boss display_name=赵总 role=manager department_id=SALES
expect_status 0 "manager"

run customer add name=张伟 mobile=13800138000 email=Zhang.Wei@Example.com city=上海 code=C1
expect_status 0 "customer add"
expect_out "created customer C1" "customer add reports the code"
run customer add name=张伟 mobile=+86 138-0013-8000
expect_status 1 "an unquoted phone with spaces is cut at the space and refused"
expect_err "nothing after the country code" "the phone error says why"
run customer add "name=张伟伟" "mobile=+86 138-0013-8000"
expect_status 1 "same phone, different formatting, is a blocking duplicate"
expect_err "C1" "the duplicate message names the existing customer"
expect_eq "$(sql 'SELECT COUNT(*) FROM customers')" "1" "the refused duplicate was not written"
run customer add "name=张伟伟" "mobile=+86 138-0013-8000" --force
expect_status 0 "--force creates it anyway"
run customer add name=李娜 email=zhang.wei@example.COM
expect_status 1 "same e-mail in another case is a blocking duplicate"
run customer add name=张伟 mobile=13900139000
expect_status 0 "same name is only a hint"
expect_err "looks similar" "the name hint is shown"

run customer add name=北京星辰科技有限公司 kind=organization uscc=91350100M000100Y43 city=北京
expect_status 0 "organisation with a valid credit code"
run customer add name=坏公司 kind=organization uscc=91350100M000100Y44
expect_status 1 "a bad credit code checksum is refused"
run customer add name=某人 birthday=2023-02-29
expect_status 1 "an impossible birthday is refused"
expect_err "Birthday" "the message names the field"
run customer add name=某人 kind=robot
expect_status 1 "an unknown kind is refused"
run customer add name=
expect_status 1 "an empty name is refused"
expect_err "Name is required" "the required field is named"
run customer add nosuchfield=1
expect_status 2 "an unknown field is a usage error"

run search 张伟 --format csv
expect_status 0 "search by a two-character name"
expect_out "C1,张伟" "the customer is found"
run search zw --format csv
expect_out "C1,张伟" "found by pinyin initials"
run search 0013 --format csv
expect_out "C1,张伟" "found by a phone fragment"
run search 张
expect_status 1 "a one-character search is refused"
expect_err "at least 2 characters" "and says why"

run customer show C1
expect_status 0 "show by code"
expect_out "张伟" "show prints the name"
expect_out "13800138000" "show prints the phone"

version=$(sql "SELECT version FROM customers WHERE code = 'C1'")
run customer update C1 city=杭州 --version "$version"
expect_status 0 "update with the current version"
run customer update C1 city=南京 --version "$version"
expect_status 1 "update with a stale version is a conflict"
expect_err "changed by someone else" "the conflict is explained"
expect_eq "$(sql "SELECT city FROM customers WHERE code = 'C1'")" "杭州" "the stale update changed nothing"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND action = 'update'")" "1" "one audit row for the update"
expect_eq "$(sql "SELECT changes FROM audit_log WHERE action = 'update'")" '{"city":["上海","杭州"]}' "the audit row holds before and after"

run customer list --format csv --columns code,name,city
expect_status 0 "list as CSV"
expect_out "C1,张伟,杭州" "CSV row"
run customer list --filter "city eq '北京'" --format csv --columns code
expect_out "C00000004" "filter by city"
expect_no_out "C1" "filter excludes others"
run customer list --sort name --format csv --columns name
expect_eq "$(tr -d '\r' < "$T_OUT" | tr '\n' ' ')" "name 北京星辰科技有限公司 张伟 张伟 张伟伟 " "names sort in pinyin order"
run customer list --filter "city eq"
expect_status 1 "a broken filter is an error"
expect_err "position" "the filter error names the position"
run customer list --count
expect_out "4" "count of live customers"

run interaction add C1 channel=phone type=inquiry subject=询价 --user wang
expect_status 0 "interaction add"
run interaction add C1 channel=pigeon type=inquiry
expect_status 1 "unknown channel refused"
run interaction list C1 --format csv --columns channel,type,subject
expect_out "phone,inquiry,询价" "interaction listed on the customer's timeline"

run customer delete C1
expect_status 0 "delete moves to the recycle bin"
run customer show C1
expect_status 1 "a deleted customer is not shown"
run customer list --deleted --format csv --columns code
expect_out "C1" "the recycle bin lists it"
run customer restore C1
expect_status 0 "restore"
run customer show C1
expect_status 0 "restored customer is back"

# merge: C00000002 (张伟伟, same phone) into C1
run customer merge C1 C00000002
expect_status 0 "merge"
expect_eq "$(sql "SELECT CASE WHEN merged_into IS NOT NULL AND deleted_at IS NOT NULL THEN 1 ELSE 0 END FROM customers WHERE code = 'C00000002'")" "1" "the merged customer is marked and binned"
run customer restore C00000002
expect_status 1 "a merged customer cannot be restored"

# public pool
run setting set pool_max_claims_per_day 1
expect_status 0 "setting set"
run setting set pool_max_claims_per_day lots
expect_status 1 "a non-numeric setting is refused"
run customer claim C00000003 --user wang
expect_status 0 "claim from the pool"
expect_eq "$(sql "SELECT u.username FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'C00000003'")" "wang" "the claimer owns it"
run customer claim C00000004 --user wang
expect_status 1 "a second claim on the same day exceeds the daily limit"
expect_err "approval" "the limit message says an approval is needed"
run customer claim C00000003 --user li
expect_status 1 "an owned customer cannot be claimed"
run customer release C00000003 --user li
expect_status 1 "only the owner or a manager releases"
run customer release C00000003 --user wang --reason 无意向
expect_status 0 "owner releases"
run setting set pool_max_claims_per_day 20
run customer claim C00000003 --user wang
expect_status 1 "cooldown: the user who released it cannot claim it back"
expect_err "30 days" "the cooldown is explained"
run customer claim C00000003 --user li
expect_status 0 "another user can claim it"
run customer assign C00000004 wang --user li
expect_status 1 "a sales rep cannot assign"
run customer assign C00000004 wang --user boss
expect_status 0 "a manager assigns"

# recycle: 31 days later nobody has touched C00000003 or C00000004
run pool recycle
expect_status 0 "recycle now"
expect_out "0 customers" "nothing is idle yet"
GUANXI_NOW=$(date -u -d '+31 days' +%Y-%m-%dT%H:%M:%SZ) run pool recycle
expect_status 0 "recycle a month later"
expect_out "2 customers" "two idle customers returned"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE owner_id IS NOT NULL")" "0" "no owner left"
expect_eq "$(sql "SELECT COUNT(*) FROM pool_events WHERE action = 'recycle' AND job_id IS NOT NULL")" "2" "recycle events point to the job"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'recycle' AND changes = '{\"recycled\":2}'")" "1" "one audit row for the recycle job"

# contacts and influence links
run contact add C00000004 name=陈经理 title=采购经理 phone=021-62345678
expect_status 0 "contact add"
run contact list C00000004 --format csv --columns name,title,phone
expect_out "陈经理,采购经理,021-62345678" "contact listed under its customer"
run contact add NOPE name=x
expect_status 1 "contact of an unknown customer"
run customer link C00000004 C1 --note 推荐供应商
expect_status 0 "influence link"
run customer show C1
expect_out "Influenced by: C00000004" "the direct customer shows who influences it"
run customer link C1 C1
expect_status 1 "no self-influence"
run customer unlink C00000004 C1
expect_status 0 "unlink"
run customer unlink C00000004 C1
expect_status 1 "unlinking twice fails"

run frobnicate
expect_status 2 "unknown command is a usage error"
run customer list --limit 0
expect_status 2 "bad --limit is a usage error"
run customer show NOPE
expect_status 1 "unknown customer fails"
run customer show NOPE --lang zh
expect_err "客户" "messages in Chinese with --lang zh"

finish
