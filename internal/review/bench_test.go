package review

import (
	"strings"
	"testing"
)

func BenchmarkScan(b *testing.B) {
	text := strings.Repeat("关于2025年度政府信息公开工作的通知，联系电话0571-87654321，手机13812345678，金额1,234,567.89元。保守国家秘密。\n", 1<<20/150)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Scan(text)
	}
}
