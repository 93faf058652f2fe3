/* sharing.c: splitting whole credits by basis points (see sharing.h). */
#include "sharing.h"

#include <apr_strings.h>

int carbon_sharing_split(long long total, int lao_bp, int developer_bp,
                         long long *lao, long long *developer, long long *state)
{
    long long whole, rest, l, d;
    if (total < 0 || lao_bp < 0 || developer_bp < 0 || lao_bp + developer_bp > CARBON_SHARING_WHOLE_BP)
        return -1;
    /* floor(total * bp / 10000) without forming total * bp, which could overflow */
    whole = total / CARBON_SHARING_WHOLE_BP;
    rest = total % CARBON_SHARING_WHOLE_BP;
    l = whole * lao_bp + rest * lao_bp / CARBON_SHARING_WHOLE_BP;
    d = whole * developer_bp + rest * developer_bp / CARBON_SHARING_WHOLE_BP;
    *lao = l;
    *developer = d;
    *state = total - l - d;
    return 0;
}

carbon_share_problem carbon_sharing_check(apr_pool_t *p, const carbon_sharing_bounds *rule,
                                          int lao_bp, int developer_bp, int state_bp,
                                          const char **message_th)
{
    long long sum = (long long)lao_bp + developer_bp + state_bp;
    *message_th = NULL;
    if (lao_bp < 0 || developer_bp < 0 || state_bp < 0 || lao_bp > CARBON_SHARING_WHOLE_BP
        || developer_bp > CARBON_SHARING_WHOLE_BP || state_bp > CARBON_SHARING_WHOLE_BP
        || sum != CARBON_SHARING_WHOLE_BP) {
        *message_th = apr_psprintf(p, "สัดส่วนการแบ่งปันของทุกฝ่ายรวมกันต้องเท่ากับร้อยละ 100 "
                                      "(ที่ระบุมารวมได้ร้อยละ %s)", carbon_sharing_percent(p, sum));
        return CARBON_SHARE_NOT_WHOLE;
    }
    if (lao_bp < rule->lao_min_bp || lao_bp > rule->lao_max_bp) {
        if (rule->lao_min_bp == rule->lao_max_bp)
            *message_th = apr_psprintf(p, "หลักเกณฑ์การแบ่งปันที่เลือกกำหนดส่วนแบ่งของ อปท. ไว้ที่ร้อยละ %s",
                                       carbon_sharing_percent(p, rule->lao_max_bp));
        else
            *message_th = apr_psprintf(p, "ส่วนแบ่งของ อปท. ต้องอยู่ระหว่างร้อยละ %s ถึง %s "
                                          "ตามหลักเกณฑ์การแบ่งปันที่เลือก",
                                       carbon_sharing_percent(p, rule->lao_min_bp),
                                       carbon_sharing_percent(p, rule->lao_max_bp));
        return CARBON_SHARE_LAO_BOUNDS;
    }
    if (developer_bp != rule->developer_share_bp) {
        if (rule->developer_share_bp == 0)
            *message_th = "หลักเกณฑ์การแบ่งปันที่เลือกไม่มีส่วนแบ่งสำหรับผู้พัฒนาโครงการรายอื่น";
        else
            *message_th = apr_psprintf(p, "หลักเกณฑ์การแบ่งปันที่เลือกกำหนดส่วนแบ่งของผู้พัฒนาโครงการไว้ที่ร้อยละ %s",
                                       carbon_sharing_percent(p, rule->developer_share_bp));
        return CARBON_SHARE_DEVELOPER;
    }
    if (state_bp < rule->state_min_bp) {
        *message_th = apr_psprintf(p, "ส่วนแบ่งของหน่วยงานของรัฐต้องไม่น้อยกว่าร้อยละ %s",
                                   carbon_sharing_percent(p, rule->state_min_bp));
        return CARBON_SHARE_STATE_MIN;
    }
    return CARBON_SHARE_OK;
}

const char *carbon_sharing_problem_field(carbon_share_problem problem)
{
    switch (problem) {
    case CARBON_SHARE_NOT_WHOLE: return "state_share_bp";
    case CARBON_SHARE_LAO_BOUNDS: return "lao_share_bp";
    case CARBON_SHARE_DEVELOPER: return "developer_share_bp";
    case CARBON_SHARE_STATE_MIN: return "state_share_bp";
    default: return NULL;
    }
}

char *carbon_sharing_percent(apr_pool_t *p, long long bp)
{
    /* apr_psprintf knows no %llu: APR's own 64-bit format */
    const char *sign = bp < 0 ? "-" : "";
    apr_uint64_t v = bp < 0 ? (apr_uint64_t)0 - (apr_uint64_t)bp : (apr_uint64_t)bp;
    apr_uint64_t whole = v / 100, frac = v % 100;
    if (frac == 0)
        return apr_psprintf(p, "%s%" APR_UINT64_T_FMT, sign, whole);
    if (frac % 10 == 0)
        return apr_psprintf(p, "%s%" APR_UINT64_T_FMT ".%" APR_UINT64_T_FMT, sign, whole, frac / 10);
    return apr_psprintf(p, "%s%" APR_UINT64_T_FMT ".%02" APR_UINT64_T_FMT, sign, whole, frac);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int carbon_sharing_parse_percent(const char *text, int *bp)
{
    const char *c = text;
    int whole = 0, frac = 0, digits = 0, decimals = 0;
    if (!c)
        return -1;
    while (*c == ' ' || *c == '\t')
        c++;
    while (is_digit(*c)) {
        if (++digits > 3)
            return -1;
        whole = whole * 10 + (*c++ - '0');
    }
    if (!digits)
        return -1;
    if (*c == '.') {
        c++;
        while (is_digit(*c)) {
            if (++decimals > 2)
                return -1;
            frac = frac * 10 + (*c++ - '0');
        }
        if (!decimals)
            return -1;
        if (decimals == 1)
            frac *= 10;
    }
    while (*c == ' ' || *c == '\t')
        c++;
    if (*c || whole * 100 + frac > CARBON_SHARING_WHOLE_BP)
        return -1;
    *bp = whole * 100 + frac;
    return 0;
}
