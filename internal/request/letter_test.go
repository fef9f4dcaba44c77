package request

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestUnitAbbr(t *testing.T) {
	for name, want := range map[string]string{
		"青山县教育局": "青教", "青山县人民政府办公室": "青政办", "青山县人民政府": "青政", "青石镇人民政府": "青石",
		"青山县第一中学": "青一", "东城街道办事处": "东城",
	} {
		if got := unitAbbr(name); got != want {
			t.Errorf("unitAbbr(%s) = %s, want %s", name, got, want)
		}
	}
	a := Application{ID: 7, RegNo: "QS003-2025-0012", ReceivedOn: day("2025-03-01")}
	if got := letterNumber("青山县教育局", a, LetterReply); got != "青教依申请〔2025〕12号" {
		t.Errorf("letter number = %s", got)
	}
	a.RegNo = "旧台账-甲"
	if got := letterNumber("青山县教育局", a, LetterCorrection); got != "青教依申请补〔2025〕7号" {
		t.Errorf("letter number = %s", got)
	}
}

// docxText opens a DOCX and returns its paragraphs' text.
func docxText(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	var doc []byte
	for _, f := range zr.File {
		names[f.Name] = true
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		// Every part is well-formed XML.
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		if f.Name == "word/document.xml" {
			doc = b
		}
	}
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"} {
		if !names[n] {
			t.Errorf("missing part %s", n)
		}
	}
	var body struct {
		Paras []struct {
			Runs []struct {
				Text string `xml:"t"`
			} `xml:"r"`
		} `xml:"body>p"`
	}
	if err := xml.Unmarshal(doc, &body); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range body.Paras {
		var s string
		for _, r := range p.Runs {
			s += r.Text
		}
		out = append(out, s)
	}
	if !bytes.Contains(doc, []byte(`w:eastAsia="仿宋_GB2312"`)) || !bytes.Contains(doc, []byte(`<w:jc w:val="center"/>`)) ||
		!bytes.Contains(doc, []byte(`<w:jc w:val="right"/>`)) || !bytes.Contains(doc, []byte(`<w:b/>`)) {
		t.Error("document lacks the font, alignment or bold title")
	}
	return out
}

func TestWriteDOCX(t *testing.T) {
	l := Letter{Title: "政府信息公开申请答复书", RefNo: "青教依申请〔2025〕12号", Addressee: "张三",
		Paragraphs: []string{"第一段 <b>&\"引号\"", "第二段\x01控制符"}, Issuer: "青山县教育局", Date: day("2025-03-20")}
	var buf bytes.Buffer
	if err := l.WriteDOCX(&buf); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(docxText(t, buf.Bytes()), "|")
	for _, want := range []string{"政府信息公开申请答复书|青教依申请〔2025〕12号", "|张三：|第一段 <b>&\"引号\"|第二段",
		"|青山县教育局|2025年3月20日"} {
		if !strings.Contains(got, want) {
			t.Errorf("paragraphs %q lack %q", got, want)
		}
	}
}

func TestLetters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("2024年青山县城区义务教育学区划分方案及依据"))
		letter := func(kind LetterKind, eventID int64) Letter {
			t.Helper()
			l, err := e.s.LetterFor(e.ctx, a.ID, kind, eventID)
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			var buf bytes.Buffer
			if err := l.WriteDOCX(&buf); err != nil {
				t.Fatal(err)
			}
			docxText(t, buf.Bytes())
			text := strings.Join(l.Paragraphs, "\n")
			if strings.Contains(text, idZhang) || strings.Contains(text, "13812345678") {
				t.Errorf("%s shows personal data", kind)
			}
			return l
		}
		contains := func(l Letter, parts ...string) {
			t.Helper()
			text := l.Title + "\n" + l.RefNo + "\n" + l.Addressee + "\n" + strings.Join(l.Paragraphs, "\n")
			for _, p := range parts {
				if !strings.Contains(text, p) {
					t.Errorf("%s lacks %q:\n%s", l.Kind, p, text)
				}
			}
		}
		l := letter(LetterAcknowledgement, 0)
		contains(l, "受理回执", "张三", a.RegNo, "2025年4月18日", "第三十一条")
		if l.Date != day("2025-03-20") || l.Issuer != "青山县教育局" || !strings.HasPrefix(l.RefNo, "青教依申请受〔2025〕") {
			t.Errorf("acknowledgement = %+v", l)
		}
		for _, k := range []LetterKind{LetterCorrection, LetterConsultation, LetterExtension, LetterFee, LetterForward, LetterReply} {
			if _, err := e.s.LetterFor(e.ctx, a.ID, k, 0); !errors.Is(err, ErrState) {
				t.Errorf("%s before its event: %v", k, err)
			}
		}
		var err error
		if a, err = e.s.RequestCorrection(e.ctx, e.handler, a.ID, a.Version, day("2025-03-20"), "请写明所需学区的名称和年份", day("2025-04-03")); err != nil {
			t.Fatal(err)
		}
		contains(letter(LetterCorrection, 0), "补正申请告知书", "请写明所需学区的名称和年份", "2025年4月3日", "第三十条")
		e.setToday("2025-03-24")
		if a, err = e.s.ReceiveCorrection(e.ctx, e.handler, a.ID, day("2025-03-24"), "城关学区 2024 年"); err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		sent, err := e.s.SendConsultation(e.ctx, e.handler, a.ID, a.Version, ConsultThirdParty, "青山某建设有限公司", day("2025-03-24"), "")
		if err != nil {
			t.Fatal(err)
		}
		l = letter(LetterConsultation, sent.ID)
		contains(l, "征求第三方意见函", "第三十二条", "15个工作日", "青山某建设有限公司")
		if strings.Contains(strings.Join(l.Paragraphs, ""), "张三") {
			t.Error("the third party learns the applicant's name")
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		req, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 10, "需要调取档案核实")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.LetterFor(e.ctx, a.ID, LetterExtension, req.ID); !errors.Is(err, ErrState) {
			t.Errorf("extension letter before approval: %v", err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		if a, err = e.s.ApproveExtension(e.ctx, e.approver, a.ID, a.Version, req.ID); err != nil {
			t.Fatal(err)
		}
		l = letter(LetterExtension, req.ID)
		contains(l, "延期答复告知书", "需要调取档案核实", "10个工作日", "第三十三条", "至"+a.DueOn.Chinese())
		if a, err = e.s.NotifyFee(e.ctx, e.handler, a.ID, a.Version, FeePerVolume, Fee(FeePerVolume, 0, 45), day("2025-03-24"), "复制 45 页"); err != nil {
			t.Fatal(err)
		}
		contains(letter(LetterFee, 0), "收费通知书", "按量计收", "150.00元", "109号")
		if a, err = e.s.RecordFeePaid(e.ctx, e.handler, a.ID, a.Version, day("2025-03-24")); err != nil {
			t.Fatal(err)
		}
		if a, err = e.s.Forward(e.ctx, e.handler, a.ID, a.Version, e.mz.ID, "所需信息由民政局制作"); err != nil {
			t.Fatal(err)
		}
		l = letter(LetterForward, 0)
		contains(l, "转办告知书", "青山县民政局", "第三十六条第（五）项", "所需信息由民政局制作")
		if l.Issuer != "青山县教育局" {
			t.Errorf("forward issuer = %s", l.Issuer)
		}
		if a, err = e.s.Reply(e.ctx, e.mzHandler, a.ID, a.Version, ReplyInput{Outcome: OutcomePartly, On: day("2025-03-24"),
			Basis: "《中华人民共和国政府信息公开条例》第三十七条", Text: "附件所列学区划分方案予以公开。\n其中涉及个人信息的部分不予公开。"}); err != nil {
			t.Fatal(err)
		}
		l = letter(LetterReply, 0)
		contains(l, "政府信息公开申请答复书", "第三十七条", "附件所列学区划分方案予以公开。", "收到您的补正申请", "行政复议", "青山县人民政府")
		if l.Issuer != "青山县民政局" || l.Date != day("2025-03-24") || l.Addressee != "张三" {
			t.Errorf("reply = %+v", l)
		}
	})
}
