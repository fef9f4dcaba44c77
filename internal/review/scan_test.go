package review

import (
	"fmt"
	"strings"
	"testing"
)

// Valid numbers used below (check characters computed by GB 11643-1999 and Luhn):
//
//	ID 341822199001013658, 11010519491231002X, 440304198802291234 (29 Feb 1988),
//	   330102200002290015 (29 Feb 2000), 340822199001010018, 310115198710101017
//	card 6222021234561236 (16), 6228480012345678903 (19), 4559520012345678 (16),
//	   9559901234567890125 (19), 5213000000001232 (16)
func TestScan(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "kind:text"
	}{
		// Resident ID numbers.
		{"id plain", "341822199001013658", []string{"id_card:341822199001013658"}},
		{"id X check", "身份证：11010519491231002X。", []string{"id_card:11010519491231002X"}},
		{"id x lower", "11010519491231002x", []string{"id_card:11010519491231002x"}},
		{"id leap day 1988", "440304198802291234", []string{"id_card:440304198802291234"}},
		{"id leap day 2000", "330102200002290015", []string{"id_card:330102200002290015"}},
		{"id next to Chinese", "身份证号341822199001013658，联系人张三", []string{"id_card:341822199001013658"}},
		{"id in sentence", "申请人王某（身份证号码340822199001010018）于2025年3月1日提出申请", []string{"id_card:340822199001010018"}},
		{"id spaced 4-4-4-4-2", "身份证 3418 2219 9001 0136 58 号", []string{"id_card:3418 2219 9001 0136 58"}},
		{"id spaced 6-8-4", "341822 19900101 3658", []string{"id_card:341822 19900101 3658"}},
		{"id spaced X", "1101 0519 4912 3100 2X", []string{"id_card:1101 0519 4912 3100 2X"}},
		{"id full-width digits", "３１０１１５１９８７１０１０１０１７", []string{"id_card:３１０１１５１９８７１０１０１０１７"}},
		{"id wrong check digit", "341822199001013650", nil},
		{"id wrong X", "341822199001013658X", nil},
		{"id impossible date 0230", "34182219900230123X", nil},
		{"id month 13", "341822199013011238", nil},
		{"id year 1899", "341822189912311235", nil},
		{"id in 19 digits", "3418221990010136581", nil},
		{"id in 20 digits", "34182219900101365800", nil},
		{"id after letters", "NO341822199001013658", nil},
		{"id old 15 digits not reported", "341822900101365", nil},
		{"id dashed is not an id", "341822-19900101-3658", nil},
		// Mobile numbers.
		{"mobile plain", "13812345678", []string{"mobile:13812345678"}},
		{"mobile spaced", "电话：138 1234 5678", []string{"mobile:138 1234 5678"}},
		{"mobile dashed", "138-1234-5678", []string{"mobile:138-1234-5678"}},
		{"mobile 3-8", "138 12345678", []string{"mobile:138 12345678"}},
		{"mobile +86", "+8613812345678", []string{"mobile:+8613812345678"}},
		{"mobile +86 space", "+86 138 1234 5678", []string{"mobile:+86 138 1234 5678"}},
		{"mobile 86-", "86-13912345678", []string{"mobile:86-13912345678"}},
		{"mobile (+86)", "(+86)13812345678", []string{"mobile:(+86)13812345678"}},
		{"mobile two in a list", "13812345678、15912345678", []string{"mobile:13812345678", "mobile:15912345678"}},
		{"mobile next to Chinese", "联系电话13812345678（张）", []string{"mobile:13812345678"}},
		{"mobile after landline", "0571-87654321 138 1234 5678", []string{"mobile:138 1234 5678"}},
		{"mobile 12 prefix not mobile", "12812345678", nil},
		{"mobile inside longer number", "213812345678", nil},
		{"mobile inside 15 digits", "013812345678901", nil},
		{"mobile decimal", "13812345678.50", nil},
		{"mobile masked already", "138****5678", nil},
		// Landlines and service numbers.
		{"landline dashed", "0571-87654321", nil},
		{"landline parens", "(0798)6527 4601", nil},
		{"landline full-width parens", "（0798）65274601", nil},
		{"landline 400", "400-810-8888", nil},
		{"landline 010", "010-12345678", nil},
		{"landline spaced", "0571 8765 4321", nil},
		// Bank cards.
		{"card 16", "6222021234561236", []string{"bank_card:6222021234561236"}},
		{"card 19", "卡号6228480012345678903", []string{"bank_card:6228480012345678903"}},
		{"card visa", "4559520012345678", []string{"bank_card:4559520012345678"}},
		{"card 95 19 digits", "9559901234567890125", []string{"bank_card:9559901234567890125"}},
		{"card grouped spaces", "6222 0212 3456 1236", []string{"bank_card:6222 0212 3456 1236"}},
		{"card grouped dashes 19", "6228-4800-1234-5678-903", []string{"bank_card:6228-4800-1234-5678-903"}},
		{"card luhn fails", "6222021234561235", nil},
		{"card 20 digits passing luhn", "62220212345612345670", nil},
		{"card part of longer grouped number", "6222 0212 3456 1236 7788", nil},
		{"card credit-code-like prefix 91", "913301001234567897", nil},
		{"card amount", "5213000000001232.00", nil},
		// Look-alikes.
		{"credit code letters", "统一社会信用代码：91330100MA2B3C4D5E", nil},
		{"credit code R", "11331002002673436R", nil},
		{"credit code all digits X", "91330100123456789X", nil},
		{"index number", "索引号：11331002002673436R/2025-00127", nil},
		{"document number", "青政发〔2025〕12号", nil},
		{"amount with commas", "合计 1,234,567.89 元", nil},
		{"big amount", "13,812,345,678 元", nil},
		{"date dashed", "2025-03-01", nil},
		{"date compact", "20250301", nil},
		{"datetime", "2025-03-01 13:45:00", nil},
		// Secrecy marks.
		{"mark confidential 1 year", "机密★1年", []string{"secrecy_mark:机密★1年"}},
		{"mark secret star only", "秘密★", []string{"secrecy_mark:秘密★"}},
		{"mark top secret until release", "绝密★启用前", []string{"secrecy_mark:绝密★启用前"}},
		{"mark spaced", "秘密 ★ 5 年", []string{"secrecy_mark:秘密 ★ 5 年"}},
		{"mark white star", "机密☆十年", []string{"secrecy_mark:机密☆十年"}},
		{"mark full-width asterisk", "秘密＊6个月", []string{"secrecy_mark:秘密＊6个月"}},
		{"mark full-width digits", "机密★１０年", []string{"secrecy_mark:机密★１０年"}},
		{"mark grade field", "密级：秘密", []string{"secrecy_mark:密级：秘密"}},
		{"mark internal material", "内部资料，注意保密", []string{"secrecy_mark:内部资料", "secrecy_mark:注意保密"}},
		{"mark no forwarding", "严禁外传", []string{"secrecy_mark:严禁外传"}},
		{"mark no reprint", "本文件不得翻印。", []string{"secrecy_mark:不得翻印"}},
		{"mark internal file", "内部文件 不得外传", []string{"secrecy_mark:内部文件", "secrecy_mark:不得外传"}},
		{"prose state secrets", "各单位要保守国家秘密，严格执行保密制度。", nil},
		{"prose trade secret", "涉及商业秘密和个人隐私的信息不予公开", nil},
		{"prose confidential", "机密文件管理办法解读", nil},
		{"prose top secret", "绝密与机密的区别", nil},
		// Several findings.
		{"several on a line", "张三，341822199001013658，13812345678，卡号6222021234561236，机密★1年",
			[]string{"id_card:341822199001013658", "mobile:13812345678", "bank_card:6222021234561236", "secrecy_mark:机密★1年"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Scan(tt.text) {
				got = append(got, string(f.Kind)+":"+f.Text)
				if tt.text[f.Offset:f.Offset+len(f.Text)] != f.Text {
					t.Errorf("finding %q at offset %d does not match the text", f.Text, f.Offset)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Scan(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestScanMasksAndHints(t *testing.T) {
	tests := []struct {
		text, mask string
	}{
		{"341822199001013658", "3418**********3658"},
		{"11010519491231002X", "1101**********002X"},
		{"3418 2219 9001 0136 58", "3418 **** **** **36 58"},
		{"13812345678", "138****5678"},
		{"138-1234-5678", "138-****-5678"},
		{"+86 13812345678", "+86 138****5678"},
		{"+8613812345678", "+86138****5678"},
		{"6222021234561236", "622202******1236"},
		{"6228480012345678903", "622848*********8903"},
		{"6222 0212 3456 1236", "6222 02** **** 1236"},
		{"机密★1年", ""},
	}
	for _, tt := range tests {
		fs := Scan(tt.text)
		if len(fs) != 1 {
			t.Errorf("Scan(%q) = %v, want one finding", tt.text, fs)
			continue
		}
		if fs[0].Mask != tt.mask {
			t.Errorf("Scan(%q).Mask = %q, want %q", tt.text, fs[0].Mask, tt.mask)
		}
		if fs[0].Hint == "" || fs[0].Line != 1 || fs[0].Offset != 0 {
			t.Errorf("Scan(%q) = %+v: want a hint, line 1, offset 0", tt.text, fs[0])
		}
	}
	// The masks of the examples in the issue.
	if got := maskDigits("341822199001013650", 4, 4); got != "3418**********3650" {
		t.Errorf("id mask = %q", got)
	}
	if got := maskDigits("6222021234561234", 6, 4); got != "622202******1234" {
		t.Errorf("card mask = %q", got)
	}
	if !strings.Contains(Scan("秘密★")[0].Hint, SecrecyAdvice) {
		t.Error("a secrecy mark's hint should advise removal or non-disclosure")
	}
}

func TestScanLinesAndOffsets(t *testing.T) {
	text := "第一行\n联系人：张三\r\n电话 13812345678\n\n身份证 341822199001013658 秘密★"
	fs := Scan(text)
	want := []struct {
		kind Kind
		line int
	}{{KindMobile, 3}, {KindIDCard, 5}, {KindSecrecyMark, 5}}
	if len(fs) != len(want) {
		t.Fatalf("Scan = %+v", fs)
	}
	for i, w := range want {
		if fs[i].Kind != w.kind || fs[i].Line != w.line {
			t.Errorf("finding %d = %s line %d, want %s line %d", i, fs[i].Kind, fs[i].Line, w.kind, w.line)
		}
		if text[fs[i].Offset:fs[i].Offset+len(fs[i].Text)] != fs[i].Text {
			t.Errorf("finding %d: offset %d does not point at %q", i, fs[i].Offset, fs[i].Text)
		}
	}
}

func TestKindLabel(t *testing.T) {
	for k, want := range map[Kind]string{
		KindIDCard: "身份证号", KindMobile: "手机号", KindBankCard: "银行卡号", KindSecrecyMark: "密级标志",
	} {
		if k.Label() != want {
			t.Errorf("%s.Label() = %q, want %q", k, k.Label(), want)
		}
	}
}

func TestApply(t *testing.T) {
	text := "申请人：张三，身份证号341822199001013658，手机138 1234 5678、13912345678；\n卡号：6222 0212 3456 1236。机密★1年"
	fs := Scan(text)
	if len(fs) != 5 {
		t.Fatalf("Scan = %+v", fs)
	}
	got := Apply(text, fs)
	want := "申请人：张三，身份证号3418**********3658，手机138 **** 5678、139****5678；\n卡号：6222 02** **** 1236。机密★1年"
	if got != want {
		t.Errorf("Apply =\n%s\nwant\n%s", got, want)
	}
	if again := Scan(got); len(again) != 1 || again[0].Kind != KindSecrecyMark {
		t.Errorf("Scan(Apply(...)) = %+v, want only the secrecy mark", again)
	}
	// Findings in any order, stale ones and overlapping ones are skipped.
	shuffled := []Finding{fs[2], fs[0], fs[3], fs[1],
		{Kind: KindMobile, Text: "99999999999", Offset: 3, Mask: "x"},
		{Kind: KindMobile, Text: fs[0].Text[:5], Offset: fs[0].Offset, Mask: "y"},
	}
	if got := Apply(text, shuffled); got != want {
		t.Errorf("Apply(shuffled) =\n%s\nwant\n%s", got, want)
	}
	if Apply(text, nil) != text {
		t.Error("Apply with no findings changed the text")
	}
}
