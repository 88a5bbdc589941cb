//! Region names for GB/T 2260 codes, so pages show 浙江省杭州市 rather than 330100. The table
//! holds every province and the cities and districts a center here is likely to meet; a code
//! beyond it reads as its province (and city when known), never as bare digits alone.

use super::RegionCode;

/// (code, Chinese name, English name). Provinces end in `0000`, cities in `00`.
const NAMES: &[(&str, &str, &str)] = &[
    ("110000", "北京市", "Beijing"),
    ("120000", "天津市", "Tianjin"),
    ("130000", "河北省", "Hebei"),
    ("130100", "石家庄市", "Shijiazhuang"),
    ("140000", "山西省", "Shanxi"),
    ("140100", "太原市", "Taiyuan"),
    ("150000", "内蒙古自治区", "Inner Mongolia"),
    ("150100", "呼和浩特市", "Hohhot"),
    ("210000", "辽宁省", "Liaoning"),
    ("210100", "沈阳市", "Shenyang"),
    ("210200", "大连市", "Dalian"),
    ("220000", "吉林省", "Jilin"),
    ("220100", "长春市", "Changchun"),
    ("230000", "黑龙江省", "Heilongjiang"),
    ("230100", "哈尔滨市", "Harbin"),
    ("310000", "上海市", "Shanghai"),
    ("320000", "江苏省", "Jiangsu"),
    ("320100", "南京市", "Nanjing"),
    ("320102", "玄武区", "Xuanwu"),
    ("320104", "秦淮区", "Qinhuai"),
    ("320105", "建邺区", "Jianye"),
    ("320106", "鼓楼区", "Gulou"),
    ("320200", "无锡市", "Wuxi"),
    ("320300", "徐州市", "Xuzhou"),
    ("320400", "常州市", "Changzhou"),
    ("320500", "苏州市", "Suzhou"),
    ("320600", "南通市", "Nantong"),
    ("320700", "连云港市", "Lianyungang"),
    ("320800", "淮安市", "Huai'an"),
    ("320900", "盐城市", "Yancheng"),
    ("321000", "扬州市", "Yangzhou"),
    ("321100", "镇江市", "Zhenjiang"),
    ("321200", "泰州市", "Taizhou"),
    ("321300", "宿迁市", "Suqian"),
    ("330000", "浙江省", "Zhejiang"),
    ("330100", "杭州市", "Hangzhou"),
    ("330102", "上城区", "Shangcheng"),
    ("330105", "拱墅区", "Gongshu"),
    ("330106", "西湖区", "Xihu"),
    ("330108", "滨江区", "Binjiang"),
    ("330109", "萧山区", "Xiaoshan"),
    ("330110", "余杭区", "Yuhang"),
    ("330200", "宁波市", "Ningbo"),
    ("330300", "温州市", "Wenzhou"),
    ("330400", "嘉兴市", "Jiaxing"),
    ("330500", "湖州市", "Huzhou"),
    ("330600", "绍兴市", "Shaoxing"),
    ("330700", "金华市", "Jinhua"),
    ("330800", "衢州市", "Quzhou"),
    ("330900", "舟山市", "Zhoushan"),
    ("331000", "台州市", "Taizhou"),
    ("331100", "丽水市", "Lishui"),
    ("340000", "安徽省", "Anhui"),
    ("340100", "合肥市", "Hefei"),
    ("350000", "福建省", "Fujian"),
    ("350100", "福州市", "Fuzhou"),
    ("350200", "厦门市", "Xiamen"),
    ("360000", "江西省", "Jiangxi"),
    ("360100", "南昌市", "Nanchang"),
    ("370000", "山东省", "Shandong"),
    ("370100", "济南市", "Jinan"),
    ("370200", "青岛市", "Qingdao"),
    ("410000", "河南省", "Henan"),
    ("410100", "郑州市", "Zhengzhou"),
    ("420000", "湖北省", "Hubei"),
    ("420100", "武汉市", "Wuhan"),
    ("430000", "湖南省", "Hunan"),
    ("430100", "长沙市", "Changsha"),
    ("440000", "广东省", "Guangdong"),
    ("440100", "广州市", "Guangzhou"),
    ("440300", "深圳市", "Shenzhen"),
    ("450000", "广西壮族自治区", "Guangxi"),
    ("450100", "南宁市", "Nanning"),
    ("460000", "海南省", "Hainan"),
    ("460100", "海口市", "Haikou"),
    ("500000", "重庆市", "Chongqing"),
    ("510000", "四川省", "Sichuan"),
    ("510100", "成都市", "Chengdu"),
    ("520000", "贵州省", "Guizhou"),
    ("520100", "贵阳市", "Guiyang"),
    ("530000", "云南省", "Yunnan"),
    ("530100", "昆明市", "Kunming"),
    ("540000", "西藏自治区", "Tibet"),
    ("540100", "拉萨市", "Lhasa"),
    ("610000", "陕西省", "Shaanxi"),
    ("610100", "西安市", "Xi'an"),
    ("620000", "甘肃省", "Gansu"),
    ("620100", "兰州市", "Lanzhou"),
    ("630000", "青海省", "Qinghai"),
    ("630100", "西宁市", "Xining"),
    ("640000", "宁夏回族自治区", "Ningxia"),
    ("640100", "银川市", "Yinchuan"),
    ("650000", "新疆维吾尔自治区", "Xinjiang"),
    ("650100", "乌鲁木齐市", "Urumqi"),
    ("710000", "台湾省", "Taiwan"),
    ("810000", "香港特别行政区", "Hong Kong"),
    ("820000", "澳门特别行政区", "Macao"),
];

fn lookup(code: &str) -> Option<(&'static str, &'static str)> {
    NAMES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| (*zh, *en))
}

/// The provinces and cities of the table (not districts), for a region picker:
/// (code, Chinese name, English name), in code order.
pub fn known_regions() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    NAMES.iter().copied().filter(|(c, _, _)| c.ends_with("00"))
}

impl RegionCode {
    /// The region's name from province down to the most precise level the table knows:
    /// 浙江省杭州市西湖区 (zh) or "Xihu, Hangzhou, Zhejiang" (en, `chinese == false`).
    /// `None` when not even the province is known.
    pub fn name(&self, chinese: bool) -> Option<String> {
        let c = self.as_str();
        let levels = [
            format!("{}0000", &c[..2]),
            format!("{}00", &c[..4]),
            c.to_owned(),
        ];
        let mut parts: Vec<(&str, &str)> = Vec::new();
        for (i, code) in levels.iter().enumerate() {
            // A level repeating the one above (310000 as a city) adds nothing.
            if i > 0 && *code == levels[i - 1] {
                continue;
            }
            if let Some(found) = lookup(code) {
                parts.push(found);
            }
        }
        if parts.is_empty() || lookup(&levels[0]).is_none() {
            return None;
        }
        Some(if chinese {
            parts.iter().map(|(zh, _)| *zh).collect()
        } else {
            let en: Vec<&str> = parts.iter().rev().map(|(_, en)| *en).collect();
            en.join(", ")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(code: &str, zh: bool) -> Option<String> {
        RegionCode::parse(code).unwrap().name(zh)
    }

    #[test]
    fn names_read_from_province_down() {
        assert_eq!(name("330106", true).as_deref(), Some("浙江省杭州市西湖区"));
        assert_eq!(name("320100", true).as_deref(), Some("江苏省南京市"));
        assert_eq!(name("310000", true).as_deref(), Some("上海市"));
        assert_eq!(name("330100", false).as_deref(), Some("Hangzhou, Zhejiang"));
    }

    #[test]
    fn unknown_levels_fall_back_to_the_province_and_unknown_provinces_to_none() {
        assert_eq!(name("330199", true).as_deref(), Some("浙江省杭州市"));
        assert_eq!(name("999999", true), None);
    }
}
