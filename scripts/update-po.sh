#!/bin/sh
# Refreshes the Chinese catalogue after code changes: extracts every msgid of src/ (`make pot`),
# merges it into po/zh_CN.po keeping the existing translations, and prints the statistics and
# the msgids still to translate. Exact matches only (no fuzzy guesses): a changed English text
# must be translated anew, since a near match would show a wrong message until someone looks.
set -eu
cd "$(dirname "$0")/.."
make -s pot
msgmerge --quiet --update --no-wrap --no-fuzzy-matching --backup=none po/zh_CN.po po/guanxi.pot
msgfmt --check --statistics -o /dev/null po/zh_CN.po
todo=$(msgattrib --untranslated --no-obsolete po/zh_CN.po | grep -c '^msgid ' || true)
if [ "$todo" -gt 1 ]; then
	echo "still to translate in po/zh_CN.po:"
	msgattrib --untranslated --no-obsolete --no-wrap po/zh_CN.po | sed -n 's/^msgid "\(..*\)"$/  \1/p'
fi
