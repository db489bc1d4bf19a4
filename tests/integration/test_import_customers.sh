# Customer import's duplicate checks with the in-memory key set (app/customer_keys.c): a row
# is refused for a phone, e-mail, USCC or code already used by a stored customer (deleted
# ones included for codes), by an earlier row of the same file, or by a value an earlier row
# of the same file changed through an update by code; --force still creates; generated codes
# skip codes taken by hand. Each check names the line and the matching customer.
. "$(dirname "$0")/lib.sh"
D=$TEST_TMP

run init
count() { sql "SELECT COUNT(*) FROM customers"; }

printf '客户编号,客户名称,手机,电话,电子邮箱,统一社会信用代码\nS1,存量甲,13700000001,,s1@x.cn,\nS2,存量乙,,010-66660000,,91110000100000000R\nS3,删除丙,13700000003,,,\n' > "$D/seed.csv"
run import customers "$D/seed.csv"
expect_status 0 "seed customers"
run customer delete S3
expect_status 0 "one seed customer to the recycle bin"

{
	printf '客户编号,客户名称,手机,电话,电子邮箱,统一社会信用代码\n'
	printf 'N1,新一,13700000010,,n1@x.cn,\n'              # 2: new
	printf 'N2,新二,,13700000001,,\n'                      # 3: phone = S1's mobile
	printf 'N3,新三,13700000011,,S1@X.CN,\n'              # 4: e-mail of S1, other case
	printf 'N4,新四,,,,91110000100000000R\n'              # 5: USCC of S2
	printf 'N5,新五,13700000010,,,\n'                      # 6: mobile of N1 (line 2)
	printf 'N6,新六,,,n1@x.cn,\n'                          # 7: e-mail of N1 (line 2)
	printf 'N1,新一改,13700000020,,,\n'                    # 8: updates N1's mobile
	printf 'N7,新七,13700000020,,,\n'                      # 9: N1's new mobile
	printf 'S3,删除丙又来,,,,\n'                           # 10: code in the recycle bin
	printf 'N8,新八,13700000003,,,\n'                      # 11: phone of deleted S3: allowed
	printf ',无编号,13700000030,,,\n'                      # 12: generated code
} > "$D/rows.csv"
run import customers "$D/rows.csv"
expect_status 1 "bad rows make exit 1"
expect_out "3 created, 1 updated, 7 rejected" "counts"
expect_err "line 3" "phone matching a stored mobile"
expect_err "line 4" "e-mail matching a stored one, folded"
expect_err "line 5" "USCC matching a stored one"
expect_err "line 6" "mobile of an earlier row of the same file"
expect_err "line 7" "e-mail of an earlier row of the same file"
expect_err "line 9" "a phone an earlier row changed by update"
expect_err "line 10" "a code in the recycle bin"
expect_err "customer S1 (存量甲) has the same phone" "the match is named"
expect_eq "$(sql "SELECT mobile FROM customers WHERE code = 'N1'")" "13700000020" "the update by code applied"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code = 'N8'")" "1" "a deleted customer's phone does not block"
expect_eq "$(sql "SELECT code FROM customers WHERE name = '无编号'")" "C00000006" "generated code after the highest id"
expect_eq "$(count)" "6" "customers in the end"

# A code taken by hand is skipped by the generator; --force creates a duplicate phone.
printf '客户编号,客户名称,手机\nC00000008,手写编号,\n,生成,13700000040\n,强制,13700000001\n' > "$D/gen.csv"
run import customers "$D/gen.csv" --force
expect_status 0 "forced import"
expect_out "3 created" "all three created"
expect_eq "$(sql "SELECT code FROM customers WHERE name = '生成'")" "C00000009" "generated code skips the hand-taken one"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE mobile = '13700000001'")" "2" "forced duplicate phone"

finish
