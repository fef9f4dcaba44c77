package request

import (
	"errors"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

// TestFullPath walks an application through every handling step, checking
// the due date against dates counted by hand on the 2025 calendar (清明
// 4 April off; 劳动节 1–5 May off, Sunday 27 April worked).
func TestFullPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		wantDue(t, a, "2025-04-18")

		e.setToday("2025-03-21")
		a, err := e.s.Assign(e.ctx, e.approver, a.ID, a.Version, e.handler.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.HandlerID != e.handler.ID || a.HandlerName != "王经办" || a.Version != 2 {
			t.Fatalf("assign: %+v", a)
		}

		// Correction notice on day 2 (within 7 working days, Art. 30): the clock stops.
		e.setToday("2025-03-24")
		a, err = e.s.RequestCorrection(e.ctx, e.handler, a.ID, a.Version, day("2025-03-24"), "请写明所需方案的年份和文号", day("2025-04-07"))
		if err != nil {
			t.Fatal(err)
		}
		if a.State != StateCorrection || !a.DueOn.IsZero() {
			t.Fatalf("correction: state %s due %s", a.State, a.DueOn)
		}
		c, _ := e.s.ClockOf(e.ctx, a.ID)
		if c.Phase != PhaseCorrection || c.CorrectionNoticeLate {
			t.Errorf("clock %+v", c)
		}

		// The corrected application arrives on Friday 28 March: day 0 again,
		// and 20 full working days end on the worked Sunday 27 April.
		e.setToday("2025-03-28")
		a, err = e.s.ReceiveCorrection(e.ctx, audit.System, a.ID, day("2025-03-28"), "所需为 2024 年 9 月印发的方案")
		if err != nil {
			t.Fatal(err)
		}
		if a.State != StateOpen {
			t.Fatalf("state %s", a.State)
		}
		wantDue(t, a, "2025-04-27")

		// A third party is consulted on 1 April: until it answers, the clock
		// assumes it answers on the 15th working day (23 April).
		e.setToday("2025-04-01")
		sent, err := e.s.SendConsultation(e.ctx, e.handler, a.ID, a.Version, ConsultThirdParty, "青山县某某培训学校", day("2025-04-01"), "")
		if err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		wantDue(t, a, "2025-05-21")
		// It answers on 8 April: 2, 3, 7, 8 April are not counted.
		e.setToday("2025-04-08")
		a, err = e.s.AnswerConsultation(e.ctx, e.handler, a.ID, a.Version, sent.ID, day("2025-04-08"), "不同意公开")
		if err != nil {
			t.Fatal(err)
		}
		wantDue(t, a, "2025-05-06")

		// Extension of 10 working days, approved the next day (Art. 33).
		e.setToday("2025-04-10")
		req, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 10, "需要与第三方进一步核实")
		if err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		wantDue(t, a, "2025-05-06") // pending: no effect yet
		e.setToday("2025-04-11")
		a, err = e.s.ApproveExtension(e.ctx, e.approver, a.ID, a.Version, req.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantDue(t, a, "2025-05-20")
		evs, _ := e.s.Events(e.ctx, a.ID)
		ext := evs[len(evs)-1]
		if ext.Kind != EventExtension || ext.ApprovedBy != e.approver.ID || ext.ApprovedByName != "孙局长" ||
			ext.ApprovedAt.IsZero() || !ext.Public || ext.Days != 10 || ext.RefID != req.ID {
			t.Errorf("extension event %+v", ext)
		}

		// The reply.
		e.setToday("2025-04-15")
		if _, err := e.s.Reply(e.ctx, e.handler, a.ID, a.Version, ReplyInput{Outcome: OutcomeThirdParty, On: day("2025-04-15")}); !hasField(fields(t, err), "basis") {
			t.Errorf("refusal without basis: %v", err)
		}
		if _, err := e.s.Reply(e.ctx, e.handler, a.ID, a.Version, ReplyInput{Outcome: OutcomeThirdParty, On: day("2025-04-07"), Basis: "第十五条"}); !hasField(fields(t, err), "replied_on") {
			t.Errorf("reply before the last event: %v", err)
		}
		a, err = e.s.Reply(e.ctx, e.handler, a.ID, a.Version, ReplyInput{Outcome: OutcomeThirdParty, On: day("2025-04-15"),
			Basis: "《中华人民共和国政府信息公开条例》第十五条", Text: "经征求第三方意见，第三方不同意公开。"})
		if err != nil {
			t.Fatal(err)
		}
		if a.State != StateClosed || a.Outcome != OutcomeThirdParty || a.RepliedOn.String() != "2025-04-15" {
			t.Errorf("reply: %+v", a)
		}
		if !strings.Contains(a.ReplyRemedies, "60日内向青山县人民政府申请行政复议") || !strings.Contains(a.ReplyRemedies, "6个月内向人民法院提起行政诉讼") {
			t.Errorf("remedies %q", a.ReplyRemedies)
		}
		wantDue(t, a, "2025-05-20")
		c, _ = e.s.ClockOf(e.ctx, a.ID)
		if c.Phase != PhaseStopped || c.Overdue {
			t.Errorf("clock after reply %+v", c)
		}

		// Delivery, only after the reply and not before it.
		e.setToday("2025-04-16")
		if _, err := e.s.RecordDelivery(e.ctx, e.handler, a.ID, day("2025-04-14"), DeliveryEmail, ""); !hasField(fields(t, err), "on") {
			t.Errorf("delivery before reply: %v", err)
		}
		a, err = e.s.RecordDelivery(e.ctx, e.handler, a.ID, day("2025-04-16"), DeliveryEmail, "已发送至申请人邮箱")
		if err != nil {
			t.Fatal(err)
		}

		evs, _ = e.s.Events(e.ctx, a.ID)
		var kinds, public []string
		for _, ev := range evs {
			kinds = append(kinds, string(ev.Kind))
			if ev.Public {
				public = append(public, string(ev.Kind))
			}
		}
		if got := strings.Join(kinds, " "); got != "received assigned correction_requested correction_received consultation_sent "+
			"consultation_answered extension_requested extension replied delivered" {
			t.Errorf("events %s", got)
		}
		if got := strings.Join(public, " "); got != "received correction_requested correction_received extension replied delivered" {
			t.Errorf("public events %s", got)
		}
		for _, action := range []string{"request.submit", "request.assign", "request.correction_requested", "request.correction_received",
			"request.consultation_sent", "request.consultation_answered", "request.extension_requested", "request.extension_approved",
			"request.reply", "request.deliver"} {
			if e.auditCount(action) != 1 {
				t.Errorf("audit %s: %d", action, e.auditCount(action))
			}
		}
		if a.Version != 10 {
			t.Errorf("version %d", a.Version)
		}
	})
}

func TestStaleAndState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		before := e.counts()
		if _, err := e.s.Assign(e.ctx, e.handler, a.ID, a.Version+1, e.handler.ID); !errors.Is(err, ErrStale) {
			t.Errorf("wrong version: %v", err)
		}
		if _, err := e.s.Assign(e.ctx, e.handler, 424242, 1, e.handler.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing: %v", err)
		}
		// Handlers: only an active user who may handle this unit's applications.
		for _, u := range []audit.Actor{e.editor, e.approver, e.inactive, e.mzHandler} {
			if _, err := e.s.Assign(e.ctx, e.handler, a.ID, a.Version, u.ID); !hasField(fields(t, err), "handler_id") {
				t.Errorf("assign %s: %v", u.Login, err)
			}
		}
		if after := e.counts(); after != before {
			t.Errorf("refused changes wrote rows: %s → %s", before, after)
		}
		// A handler of the county may take an application of a unit below it.
		a, err := e.s.Assign(e.ctx, e.handler, a.ID, a.Version, e.handler2.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Receiving a correction that was never asked for.
		if _, err := e.s.ReceiveCorrection(e.ctx, e.handler, a.ID, day("2025-03-20"), ""); !errors.Is(err, ErrState) {
			t.Errorf("correction without notice: %v", err)
		}
		// Correction: deadline after the notice; not before receipt; not in the future.
		for _, c := range []struct {
			on, deadline, field string
		}{
			{"2025-03-20", "2025-03-20", "deadline"},
			{"2025-03-19", "2025-03-31", "on"},
			{"2025-03-21", "2025-03-31", "on"},
		} {
			if _, err := e.s.RequestCorrection(e.ctx, e.handler, a.ID, a.Version, day(c.on), "写明文号", day(c.deadline)); !hasField(fields(t, err), c.field) {
				t.Errorf("correction %v: %v", c, err)
			}
		}
		if _, err := e.s.RequestCorrection(e.ctx, e.handler, a.ID, a.Version, day("2025-03-20"), "", day("2025-03-31")); !hasField(fields(t, err), "what") {
			t.Errorf("correction without what: %v", err)
		}
		a, err = e.s.RequestCorrection(e.ctx, e.handler, a.ID, a.Version, day("2025-03-20"), "写明文号", day("2025-03-31"))
		if err != nil {
			t.Fatal(err)
		}
		// While waiting for the correction the period has not started: no extension.
		e.setToday("2025-03-25")
		if _, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 5, "需要调取档案"); !errors.Is(err, ErrState) {
			t.Errorf("extension while waiting: %v", err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		if _, err := e.s.ReceiveCorrection(e.ctx, e.handler, a.ID, day("2025-03-19"), ""); !hasField(fields(t, err), "on") {
			t.Errorf("correction before the notice: %v", err)
		}
		if _, err := e.s.ReceiveCorrection(e.ctx, e.handler, a.ID, day("2025-03-26"), ""); !hasField(fields(t, err), "on") {
			t.Errorf("correction in the future: %v", err)
		}
		a, err = e.s.ReceiveCorrection(e.ctx, e.handler, a.ID, day("2025-03-24"), "已补正")
		if err != nil {
			t.Fatal(err)
		}
		// Art. 30: only one correction notice.
		if _, err := e.s.RequestCorrection(e.ctx, e.handler, a.ID, a.Version, day("2025-03-25"), "再补充", day("2025-04-03")); !errors.Is(err, ErrState) {
			t.Errorf("second correction: %v", err)
		} else if !strings.Contains(err.Error(), "一次") {
			t.Errorf("reason: %v", err)
		}
		// Consultations: the answer is not before the letter, and only once.
		sent, err := e.s.SendConsultation(e.ctx, e.handler, a.ID, a.Version, ConsultAgency, "青山县财政局", day("2025-03-25"), "")
		if err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		if _, err := e.s.AnswerConsultation(e.ctx, e.handler, a.ID, a.Version, sent.ID, day("2025-03-24"), ""); !hasField(fields(t, err), "on") {
			t.Errorf("answer before letter: %v", err)
		}
		if _, err := e.s.AnswerConsultation(e.ctx, e.handler, a.ID, a.Version, 424242, day("2025-03-25"), ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("answer to nothing: %v", err)
		}
		a, err = e.s.AnswerConsultation(e.ctx, e.handler, a.ID, a.Version, sent.ID, day("2025-03-25"), "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.AnswerConsultation(e.ctx, e.handler, a.ID, a.Version, sent.ID, day("2025-03-25"), ""); !errors.Is(err, ErrState) {
			t.Errorf("second answer: %v", err)
		}
		// Extensions: at most 20 working days in all, approved once each.
		req, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 5, "需要调取档案")
		if err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		if _, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 5, "再延"); !errors.Is(err, ErrState) {
			t.Errorf("second pending extension: %v", err)
		}
		a, err = e.s.ApproveExtension(e.ctx, e.approver, a.ID, a.Version, req.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ApproveExtension(e.ctx, e.approver, a.ID, a.Version, req.ID); !errors.Is(err, ErrState) {
			t.Errorf("approve twice: %v", err)
		}
		if _, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 0, "零天"); !hasField(fields(t, err), "days") {
			t.Errorf("0 days: %v", err)
		}
		if _, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 3, ""); !hasField(fields(t, err), "reason") {
			t.Errorf("no reason: %v", err)
		}
		_, err = e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 16, "超过")
		if !errors.Is(err, ErrState) || !hasField(fields(t, err), "days") {
			t.Errorf("over 20 in all: %v", err)
		}
		req, err = e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 15, "用足")
		if err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		if a, err = e.s.ApproveExtension(e.ctx, e.approver, a.ID, a.Version, req.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 1, "还要"); !errors.Is(err, ErrState) {
			t.Errorf("21st day: %v", err)
		}
		// Fee: method and amount checked; payment only while waiting for it.
		if _, err := e.s.RecordFeePaid(e.ctx, e.handler, a.ID, a.Version, day("2025-03-25")); !errors.Is(err, ErrState) {
			t.Errorf("payment without notice: %v", err)
		}
		if _, err := e.s.NotifyFee(e.ctx, e.handler, a.ID, a.Version, "cash", 0, day("2025-03-25"), ""); !hasField(fields(t, err), "method") {
			t.Errorf("bad fee: %v", err)
		}
		// Reply: outcome from the list, not in the future; then never again.
		for _, in := range []ReplyInput{
			{Outcome: "满意", On: day("2025-03-25"), Basis: "x"},
			{Outcome: OutcomeDisclosed, On: day("2025-03-26")},
			{Outcome: OutcomeDisclosed, On: day("2025-03-19")},
		} {
			if _, err := e.s.Reply(e.ctx, e.handler, a.ID, a.Version, in); err == nil {
				t.Errorf("reply %+v accepted", in)
			}
		}
		if _, err := e.s.RecordDelivery(e.ctx, e.handler, a.ID, day("2025-03-25"), DeliveryPost, ""); !errors.Is(err, ErrState) {
			t.Errorf("delivery before reply: %v", err)
		}
		a, err = e.s.Reply(e.ctx, e.handler, a.ID, a.Version, ReplyInput{Outcome: OutcomeDisclosed, On: day("2025-03-25"), Remedies: "自定义救济途径"})
		if err != nil {
			t.Fatal(err)
		}
		if a.ReplyRemedies != "自定义救济途径" {
			t.Errorf("remedies %q", a.ReplyRemedies)
		}
		if _, err := e.s.Reply(e.ctx, e.handler, a.ID, a.Version, ReplyInput{Outcome: OutcomeDisclosed, On: day("2025-03-25")}); !errors.Is(err, ErrState) {
			t.Errorf("reply twice: %v", err)
		}
		if _, err := e.s.Forward(e.ctx, e.handler, a.ID, a.Version, e.mz.ID, "不属于本机关"); !errors.Is(err, ErrState) {
			t.Errorf("forward closed: %v", err)
		}
	})
}

func TestForward(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开 2024 年低保资金发放明细和审核程序"))
		a, err := e.s.Assign(e.ctx, e.handler, a.ID, a.Version, e.handler.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			to     int64
			reason string
			field  string
		}{{a.UnitID, "x", "to_unit_id"}, {0, "x", "to_unit_id"}, {424242, "x", "to_unit_id"}, {e.mz.ID, " ", "reason"}} {
			if _, err := e.s.Forward(e.ctx, e.handler, a.ID, a.Version, c.to, c.reason); !hasField(fields(t, err), c.field) {
				t.Errorf("forward %+v: %v", c, err)
			}
		}
		a, err = e.s.Forward(e.ctx, e.handler, a.ID, a.Version, e.mz.ID, "低保信息由民政局掌握")
		if err != nil {
			t.Fatal(err)
		}
		if a.UnitID != e.mz.ID || a.HandlerID != 0 || a.RegNo != "QS-EDU-2025-0001" {
			t.Errorf("forwarded %+v", a)
		}
		wantDue(t, a, "2025-04-18") // the clock keeps its receipt date
		evs, _ := e.s.Events(e.ctx, a.ID)
		fw := evs[len(evs)-1]
		if fw.Kind != EventForwarded || !fw.Public || fw.FromUnitID != e.edu.ID || fw.ToUnitID != e.mz.ID ||
			!strings.Contains(fw.Note, "低保信息由民政局掌握") {
			t.Errorf("event %+v", fw)
		}
		// Now the mz handler may take it.
		if _, err := e.s.Assign(e.ctx, e.mzHandler, a.ID, a.Version, e.mzHandler.ID); err != nil {
			t.Error(err)
		}
	})
}

func TestFeeAndCloseExpired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		// Paid in time: the days in (notice, payment] are not counted.
		paid := e.submit(e.person("请公开 2020 年至 2024 年全县中小学校舍安全检查记录"))
		paid, err := e.s.NotifyFee(e.ctx, e.handler, paid.ID, paid.Version, FeePerItem, 10000, day("2025-03-20"), "")
		if err != nil {
			t.Fatal(err)
		}
		if paid.State != StateFee {
			t.Fatalf("state %s", paid.State)
		}
		if _, err := e.s.NotifyFee(e.ctx, e.handler, paid.ID, paid.Version, FeePerItem, 10000, day("2025-03-20"), ""); !errors.Is(err, ErrState) {
			t.Errorf("second notice: %v", err)
		}
		evs, _ := e.s.Events(e.ctx, paid.ID)
		// 20 working days from 20 March, 4 April off.
		if fee := evs[len(evs)-1]; fee.Deadline.String() != "2025-04-18" || fee.AmountCents != 10000 || fee.PartyKind != "per_item" {
			t.Errorf("fee event %+v", fee)
		}
		e.setToday("2025-03-25")
		if _, err := e.s.RecordFeePaid(e.ctx, e.handler, paid.ID, paid.Version, day("2025-03-26")); !hasField(fields(t, err), "on") {
			t.Errorf("future payment: %v", err)
		}
		paid, err = e.s.RecordFeePaid(e.ctx, e.handler, paid.ID, paid.Version, day("2025-03-25"))
		if err != nil {
			t.Fatal(err)
		}
		// 21, 24, 25 March not counted: 18 April + 3 working days.
		if paid.State != StateOpen {
			t.Errorf("state %s", paid.State)
		}
		wantDue(t, paid, "2025-04-23")

		e.setToday("2025-03-20")
		corr := e.submit(e.person("请公开有关的那份文件和附件材料"))
		corr, err = e.s.RequestCorrection(e.ctx, e.handler, corr.ID, corr.Version, day("2025-03-20"), "请写明文件名称", day("2025-03-27"))
		if err != nil {
			t.Fatal(err)
		}
		unpaid := e.submit(e.person("请公开 2015 年以来全部教育经费支出凭证"))
		if unpaid, err = e.s.NotifyFee(e.ctx, e.handler, unpaid.ID, unpaid.Version, FeePerVolume, 250000, day("2025-03-20"), "共 300 页"); err != nil {
			t.Fatal(err)
		}
		open := e.submit(e.person("请公开青山县教育局 2025 年部门预算"))

		// On the deadline nothing is closed yet.
		e.setToday("2025-03-27")
		if n, err := e.s.CloseExpired(e.ctx, audit.System); err != nil || n != 0 {
			t.Fatalf("close on the deadline: %d %v", n, err)
		}
		e.setToday("2025-04-02")
		if n, err := e.s.CloseExpired(e.ctx, audit.System); err != nil || n != 1 {
			t.Fatalf("close after the correction deadline: %d %v", n, err)
		}
		corr, _ = e.s.Get(e.ctx, corr.ID)
		if corr.State != StateClosed || corr.Outcome != OutcomeNotCorrected || corr.RepliedOn.String() != "2025-03-28" || corr.ReplyRemedies == "" {
			t.Errorf("not corrected: %+v", corr)
		}
		e.setToday("2025-04-21")
		if n, err := e.s.CloseExpired(e.ctx, audit.System); err != nil || n != 1 {
			t.Fatalf("close after the fee deadline: %d %v", n, err)
		}
		unpaid, _ = e.s.Get(e.ctx, unpaid.ID)
		if unpaid.State != StateClosed || unpaid.Outcome != OutcomeFeeUnpaid || unpaid.RepliedOn.String() != "2025-04-19" {
			t.Errorf("fee unpaid: %+v", unpaid)
		}
		for _, id := range []int64{paid.ID, open.ID} {
			if a, _ := e.s.Get(e.ctx, id); a.State != StateOpen {
				t.Errorf("application %d closed", id)
			}
		}
		if e.auditCount("request.close_expired") != 2 {
			t.Error("closing not audited")
		}
		evs, _ = e.s.Events(e.ctx, unpaid.ID)
		if last := evs[len(evs)-1]; last.Kind != EventClosed || !last.Public || last.ActorName != "系统" {
			t.Errorf("closed event %+v", last)
		}
		if n, err := e.s.CloseExpired(e.ctx, audit.System); err != nil || n != 0 {
			t.Errorf("second run: %d %v", n, err)
		}
	})
}

func TestRecomputeDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		wantDue(t, a, "2025-04-18")
		closed := e.submit(e.person("请公开青山县教育局 2025 年部门预算"))
		closed, err := e.s.Reply(e.ctx, e.handler, closed.ID, closed.Version, ReplyInput{Outcome: OutcomeDisclosed, On: day("2025-03-20")})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := e.s.RecomputeDue(e.ctx, audit.System); err != nil || n != 0 {
			t.Fatalf("nothing changed: %d %v", n, err)
		}
		// The calendar is corrected: Monday 7 April becomes a day off too.
		c := cal2025()
		c.off[day("2025-04-07")] = true
		e.setCal(c)
		n, err := e.s.RecomputeDue(e.ctx, audit.System)
		if err != nil || n != 1 {
			t.Fatalf("recompute: %d %v", n, err)
		}
		a2, _ := e.s.Get(e.ctx, a.ID)
		wantDue(t, a2, "2025-04-21")
		if a2.Version != a.Version+1 {
			t.Errorf("version %d", a2.Version)
		}
		if c2, _ := e.s.Get(e.ctx, closed.ID); c2.DueOn != closed.DueOn || c2.Version != closed.Version {
			t.Errorf("closed application recomputed: %+v", c2)
		}
		evs, _ := e.s.Events(e.ctx, a.ID)
		last := evs[len(evs)-1]
		if last.Kind != EventDueChanged || !strings.Contains(last.Note, "2025-04-18") || !strings.Contains(last.Note, "2025-04-21") {
			t.Errorf("event %+v", last)
		}
		if e.auditCount("request.due_changed") != 1 {
			t.Error("not audited")
		}
		if n, err := e.s.RecomputeDue(e.ctx, audit.System); err != nil || n != 0 {
			t.Errorf("second run: %d %v", n, err)
		}
	})
}

// TestClockEvents checks what the clock is given: approved extensions
// only, answers pointing to their letters, in date order.
func TestClockEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		e.setToday("2025-03-24")
		sent, err := e.s.SendConsultation(e.ctx, e.handler, a.ID, a.Version, ConsultThirdParty, "某公司", day("2025-03-21"), "")
		if err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		if _, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 5, "理由"); err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		if _, err := e.s.AnswerConsultation(e.ctx, e.handler, a.ID, a.Version, sent.ID, day("2025-03-24"), ""); err != nil {
			t.Fatal(err)
		}
		evs, err := clockEvents(e.ctx, db, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range evs {
			got = append(got, string(ev.Kind)+"@"+ev.On.String())
			if ev.Kind == EventConsultationAnswered && ev.Ref != sent.ID {
				t.Errorf("ref %d, want %d", ev.Ref, sent.ID)
			}
			if ev.Party == "某公司" {
				t.Error("the third party's name reaches the applicant's explanation")
			}
		}
		if strings.Join(got, " ") != "received@2025-03-20 consultation_sent@2025-03-21 consultation_answered@2025-03-24" {
			t.Errorf("clock events %v", got)
		}
	})
}

func TestDefaultRemedies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		for unit, body := range map[int64]string{e.edu.ID: "向青山县人民政府申请行政复议", e.county.ID: "向上一级人民政府申请行政复议"} {
			r, err := e.s.DefaultRemedies(e.ctx, unit)
			if err != nil || !strings.Contains(r, body) || !strings.HasPrefix(r, "如对本答复不服，可以在收到本答复之日起60日内") {
				t.Errorf("unit %d: %q %v", unit, r, err)
			}
		}
	})
}

// Bad input is refused with a Chinese reason that names the field and the
// date concerned, and nothing is written.
func TestRefusalsNameTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		letter := e.person("请提供青山县 2024 年校舍维修工程的招标文件")
		letter.Channel, letter.ReceivedOn = ChannelPostRegistered, day("2025-03-10")
		a, err := e.s.Register(e.ctx, e.handler, letter)
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.s.Register(e.ctx, e.handler, letter)
		if err != nil {
			t.Fatal(err)
		}
		if b, err = e.s.RequestCorrection(e.ctx, e.handler, b.ID, b.Version, day("2025-03-18"), "写明工程名称", day("2025-04-01")); err != nil {
			t.Fatal(err)
		}
		reply := func(in ReplyInput) error {
			_, err := e.s.Reply(e.ctx, e.handler, a.ID, a.Version, in)
			return err
		}
		register := func(f func(*Input)) error {
			in := letter
			f(&in)
			_, err := e.s.Register(e.ctx, e.handler, in)
			return err
		}
		before := e.counts()
		for _, c := range []struct {
			name, field, want string
			err               error
		}{
			{"reply before receipt", "replied_on", "答复日期 2025-03-07 早于收到申请的日期（2025-03-10）",
				reply(ReplyInput{Outcome: OutcomeDisclosed, On: day("2025-03-07")})},
			{"reply in the future", "replied_on", "答复日期 2025-03-21 晚于今天",
				reply(ReplyInput{Outcome: OutcomeDisclosed, On: day("2025-03-21")})},
			{"reply without date", "replied_on", "请填写答复日期", reply(ReplyInput{Outcome: OutcomeDisclosed})},
			{"unknown outcome", "outcome", "办理结果“满意”不在规定的类型中",
				reply(ReplyInput{Outcome: "满意", On: day("2025-03-20"), Basis: "x"})},
			{"group without item", "outcome", "不在规定的类型中",
				reply(ReplyInput{Outcome: "不予公开", On: day("2025-03-20"), Basis: "x"})},
			{"correction received before it was asked for", "on", "收到补正的日期 2025-03-17 早于补正告知日期（2025-03-18）",
				func() error {
					_, err := e.s.ReceiveCorrection(e.ctx, e.handler, b.ID, day("2025-03-17"), "补正")
					return err
				}()},
			{"extension over 20 days", "days", "最长不超过 20 个工作日",
				func() error {
					_, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 21, "材料多")
					return err
				}()},
			{"extension of no days", "days", "至少为 1",
				func() error {
					_, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 0, "材料多")
					return err
				}()},
			{"unknown applicant type", "applicant_type", "申请人类型“person”无效",
				register(func(in *Input) { in.ApplicantType = "person" })},
			{"unknown channel", "channel", "申请方式“pigeon”无效", register(func(in *Input) { in.Channel = "pigeon" })},
			{"receipt in the future", "received_on", "收到日期不能晚于今天",
				register(func(in *Input) { in.ReceivedOn = day("2025-03-21") })},
			{"receipt before the regulation", "received_on", "2008年5月1日",
				register(func(in *Input) { in.ReceivedOn = day("2008-04-30") })},
		} {
			var ve *valid.Errors
			if !errors.As(c.err, &ve) {
				t.Errorf("%s: %v, want a validation error", c.name, c.err)
				continue
			}
			if msg := ve.For(c.field); !strings.Contains(msg, c.want) {
				t.Errorf("%s: %s = %q, want %q (all: %v)", c.name, c.field, msg, c.want, ve)
			}
		}
		if after := e.counts(); after != before {
			t.Errorf("refusals wrote %s → %s", before, after)
		}
		// An extension without approval does not move the due date, and
		// only a pending request can be approved.
		req, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 10, "材料多")
		if err != nil {
			t.Fatal(err)
		}
		if a, _ = e.s.Get(e.ctx, a.ID); a.DueOn != day("2025-04-08") {
			t.Errorf("an extension not approved moved the due date to %s", a.DueOn)
		}
		before = e.counts()
		if _, err := e.s.ApproveExtension(e.ctx, e.approver, a.ID, a.Version, 424242); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("approving no request: %v", err)
		}
		if after := e.counts(); after != before {
			t.Errorf("refused approval wrote %s → %s", before, after)
		}
		if a, err = e.s.ApproveExtension(e.ctx, e.approver, a.ID, a.Version, req.ID); err != nil || !a.DueOn.After(day("2025-04-08")) {
			t.Errorf("approved: due %s, %v", a.DueOn, err)
		}
	})
}

// TestExtensionAfterRestart: a corrected application gets a full new period
// (Art. 30) and with it its own 20 working days of extension (Art. 33):
// the domain counts approved days over the same span as the clock, so an
// extension approved before the restart neither moves the new due date nor
// uses up the new period's allowance. The approval records the approver and
// the time on a public event.
func TestExtensionAfterRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		extend := func(days int) Application {
			t.Helper()
			req, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, days, "需要调取档案")
			if err != nil {
				t.Fatal(err)
			}
			a, _ = e.s.Get(e.ctx, a.ID)
			if a, err = e.s.ApproveExtension(e.ctx, e.approver, a.ID, a.Version, req.ID); err != nil {
				t.Fatal(err)
			}
			return a
		}
		clock := func() Clock {
			t.Helper()
			c, err := e.s.ClockOf(e.ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.Due != a.DueOn {
				t.Errorf("stored due %s, clock %s", a.DueOn, c.Due)
			}
			return c
		}
		a = extend(20)
		if c := clock(); c.Extended != 20 {
			t.Fatalf("extended %d", c.Extended)
		}
		if _, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 1, "还要"); !errors.Is(err, ErrState) {
			t.Errorf("21st day before the restart: %v", err)
		}

		e.setToday("2025-03-21")
		a, err := e.s.RequestCorrection(e.ctx, e.handler, a.ID, a.Version, day("2025-03-21"), "请写明年份", day("2025-04-07"))
		if err != nil {
			t.Fatal(err)
		}
		e.setToday("2025-03-24")
		if a, err = e.s.ReceiveCorrection(e.ctx, audit.System, a.ID, day("2025-03-24"), "2024 年"); err != nil {
			t.Fatal(err)
		}
		restarted := clock()
		if restarted.Extended != 0 || restarted.Start != day("2025-03-24") {
			t.Fatalf("after the restart: %+v", restarted)
		}

		e.setToday("2025-04-10")
		a = extend(20)
		c := clock()
		if c.Extended != 20 || !a.DueOn.After(restarted.Due) {
			t.Errorf("new period's extension: extended %d, due %s (was %s)", c.Extended, a.DueOn, restarted.Due)
		}
		if _, err := e.s.RequestExtension(e.ctx, e.handler, a.ID, a.Version, 1, "还要"); !errors.Is(err, ErrState) {
			t.Errorf("21st day of the new period: %v", err)
		}
		evs, _ := e.s.Events(e.ctx, a.ID)
		ext := evs[len(evs)-1]
		if ext.Kind != EventExtension || ext.ApprovedBy != e.approver.ID || ext.ApprovedByName != "孙局长" ||
			!ext.ApprovedAt.Equal(e.s.now()) || !ext.Public || ext.Days != 20 {
			t.Errorf("approval event %+v", ext)
		}
	})
}

// TestReplyEndsOpenConsultation: replied while a consultation is
// unanswered, the stored due date counts the consultation as ended on the
// reply day, not as the full 15 working days.
func TestReplyEndsOpenConsultation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		wantDue(t, a, "2025-04-18")
		e.setToday("2025-03-24")
		if _, err := e.s.SendConsultation(e.ctx, e.handler, a.ID, a.Version, ConsultThirdParty, "青山县某某培训学校", day("2025-03-24"), ""); err != nil {
			t.Fatal(err)
		}
		a, _ = e.s.Get(e.ctx, a.ID)
		if !a.DueOn.After(day("2025-05-01")) {
			t.Fatalf("open consultation: due %s", a.DueOn)
		}
		e.setToday("2025-03-27")
		a, err := e.s.Reply(e.ctx, e.handler, a.ID, a.Version, ReplyInput{Outcome: OutcomeDisclosed, On: day("2025-03-27")})
		if err != nil {
			t.Fatal(err)
		}
		// 25, 26 and 27 March are not counted: 18 April + 3 working days.
		wantDue(t, a, "2025-04-23")
		c, _ := e.s.ClockOf(e.ctx, a.ID)
		if c.Due != a.DueOn || !strings.Contains(c.Steps[1].Text, "至 2025-03-27 答复时尚未收到意见，不计入 3 个工作日") {
			t.Errorf("clock %s, steps %+v", c.Due, c.Steps)
		}
	})
}

// TestVersionRequired: a change over a missing or garbled version (the web
// layer passes -1) is a conflict, never "whatever is current".
func TestVersionRequired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newReqEnv(t, db)
		a := e.submit(e.person("请公开本县 2024 年义务教育学校布局调整方案"))
		for _, v := range []int{-1, 0, a.Version + 1} {
			if _, err := e.s.Assign(e.ctx, e.approver, a.ID, v, e.handler.ID); !errors.Is(err, ErrStale) {
				t.Errorf("version %d: %v", v, err)
			}
		}
		if _, err := e.s.Assign(e.ctx, e.approver, a.ID, a.Version, e.handler.ID); err != nil {
			t.Fatal(err)
		}
	})
}
