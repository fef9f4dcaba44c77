package request

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

// maxPromotedFile bounds a released file read for promotion.
const maxPromotedFile = 100 << 20

// Promote turns the released information of a replied application into a
// proactive-disclosure draft of the same unit in columnID (依申请转主动,
// Art. 44), which then goes through the normal review; returns the draft's id.
//
// The draft holds the reply's text, with the applicant's name and contacts
// taken out, and the files released with the reply. The draft is created
// by the disclosure service in its own transaction before the application
// records it: a failure in between leaves an unlinked draft in the unit's
// drafts, never an application pointing at nothing.
func (s *Service) Promote(ctx context.Context, actor audit.Actor, id int64, columnID int64) (int64, error) {
	if s.cfg.Docs == nil {
		return 0, errors.New("request: promote: no disclosure service configured")
	}
	a, err := getApp(ctx, s.db, id, false)
	if err != nil {
		return 0, err
	}
	if err := promotable(a); err != nil {
		return 0, err
	}
	in := disclosure.Input{Title: promotedTitle(a), WrittenOn: a.RepliedOn, ColumnID: columnID, BodyHTML: promotedBody(a)}
	doc, err := s.cfg.Docs.Create(ctx, actor, a.UnitID, in)
	if err != nil {
		return 0, err
	}
	files, err := s.Files(ctx, id)
	if err != nil {
		return 0, err
	}
	version := doc.Version
	for _, f := range files {
		if f.Kind != "release" {
			continue
		}
		data, err := s.readFile(ctx, f.ID)
		if err != nil {
			return 0, err
		}
		if _, err := s.cfg.Docs.Attach(ctx, actor, doc.ID, version, f.Name, data); err != nil {
			return 0, fmt.Errorf("request %d: promote: attach %s: %w", id, f.Name, err)
		}
		d, err := s.cfg.Docs.Get(ctx, doc.ID)
		if err != nil {
			return 0, err
		}
		version = d.Version
	}
	_, err = s.change(ctx, actor, id, anyVersion, func(tx *store.Tx, a *Application, cx *changeCtx) (string, string, error) {
		if err := promotable(*a); err != nil {
			return "", "", err
		}
		a.PromotedDocID = doc.ID
		if _, err := cx.event(ctx, tx, a, Event{Kind: EventPromoted, On: cx.today,
			Note: fmt.Sprintf("转为主动公开草稿《%s》，待审核发布", doc.Title)}); err != nil {
			return "", "", err
		}
		return "request.promote", fmt.Sprintf("申请 %s 的答复信息转为主动公开草稿（文件 %d）", a.RegNo, doc.ID), nil
	})
	if err != nil {
		return 0, err
	}
	return doc.ID, nil
}

// promotable refuses what cannot be promoted: only a closed application
// whose reply released information (Art. 44), once.
func promotable(a Application) error {
	switch {
	case a.State != StateClosed || !a.Outcome.Releases():
		return stateError("只有已答复予以公开或部分公开的申请可以转为主动公开")
	case a.PromotedDocID != 0:
		return stateError("该申请的答复信息已转为主动公开，不能重复转")
	}
	return nil
}

func (s *Service) readFile(ctx context.Context, fileID int64) ([]byte, error) {
	_, rc, err := s.OpenFile(ctx, fileID)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxPromotedFile+1))
	if err != nil {
		return nil, fmt.Errorf("request file %d: %w", fileID, err)
	}
	if len(data) > maxPromotedFile {
		return nil, fmt.Errorf("request file %d: larger than %d bytes", fileID, maxPromotedFile)
	}
	return data, nil
}

// promotedTitle is "关于……的政府信息（依申请公开转主动公开）" from the
// description's first line, shortened.
func promotedTitle(a Application) string {
	d := strings.TrimSpace(a.Description)
	if i := strings.IndexAny(d, "\r\n"); i >= 0 {
		d = d[:i]
	}
	d = scrubPersonal(a, d)
	d = strings.TrimRight(strings.Join(strings.Fields(d), " "), "。.；;，,")
	for _, p := range []string{"申请公开", "请求公开", "要求公开", "申请获取", "申请", "关于"} {
		d = strings.TrimPrefix(d, p)
	}
	if utf8.RuneCountInString(d) > 60 {
		d = string([]rune(d)[:60]) + "等"
	}
	if d == "" {
		d = "有关事项"
	}
	return "关于" + d + "的政府信息（依申请公开转主动公开）"
}

// promotedBody is the reply's text as body HTML, without the applicant's
// personal data, after a paragraph saying where it comes from (Art. 44).
func promotedBody(a Application) string {
	var b strings.Builder
	b.WriteString("<p>" + html.EscapeString(fmt.Sprintf("本信息系%s依申请公开的政府信息（%s答复），经审查，具有普遍社会意义，依据《中华人民共和国政府信息公开条例》第四十四条转为主动公开。",
		a.UnitName, a.RepliedOn.Chinese())) + "</p>\n")
	text := scrubPersonal(a, a.ReplyText)
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("<p>" + html.EscapeString(line) + "</p>\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// scrubPersonal removes the applicant's name and contacts from s.
func scrubPersonal(a Application, s string) string {
	var pairs []string
	for _, p := range []struct{ v, by string }{
		{a.IDNumber, "（证件号码已删除）"}, {a.Phone, "（电话已删除）"}, {a.Email, "（邮箱已删除）"},
		{a.Address, "（地址已删除）"}, {a.ApplicantName, "申请人"}, {a.ContactPerson, "联系人"},
	} {
		if v := strings.TrimSpace(p.v); utf8.RuneCountInString(v) >= 2 {
			pairs = append(pairs, v, p.by)
		}
	}
	if len(pairs) == 0 {
		return s
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
