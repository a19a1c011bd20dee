//! Length-preserving normalisation of a document for matching.
//!
//! Every rule in the suggestion engine runs on a *view* of the text in which each character has
//! been replaced by exactly one character: traditional Chinese characters by their simplified
//! form (a small table covering the vocabulary of policy reports), full-width ASCII (`１２３`,
//! `％`, `（`) by plain ASCII, and the ideographic space by a plain space. Because the mapping is
//! one character to one character, a char index into the view is the same char index into the
//! original document, so offsets found on the view can be reported unchanged.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Traditional → simplified pairs: each entry is "繁简". Only one-to-one character mappings.
const TRAD_SIMP: &str = "\
萬万億亿兩两個个門门們们們们時时長长東东車车馬马書书見见貝贝員员業业產产開开關关\
與与興兴學学會会發发經经濟济區区縣县鎮镇鄉乡華华國国際际場场機机構构務务術术權权\
幣币劃划務务設设計计議议認认證证課课談谈讀读調调護护語语說说請请論论謀谋變变\
讓让賽赛質质資资費费貿贸貸贷財财貨货責责賬账購购貢贡貧贫負负賴赖實实寬宽審审寫写\
導导對对將将屬属層层歲岁島岛嶺岭廣广廳厅應应廠厂縱纵總总給给統统絕绝網网綠绿線线\
結结組组織织續续級级約约紅红純纯細细終终編编練练緊紧維维綜综緒绪繼继績绩續续\
規规視视親亲覽览觀观計计訂订訊讯記记託托許许設设診诊評评試试詳详誠诚該该詢询\
諮咨講讲謝谢證证識识譯译議议護护讚赞貴贵買买賣卖賞赏賠赔賺赚趙赵趕赶躍跃軍军軟软\
較较載载輔辅輕轻輸输轉转辦办農农運运過过達达違违遠远適适選选遺遗邊边郵邮鄭郑\
醫医釋释針针銀银銷销鋼钢錄录錢钱鍵键鐵铁鑒鉴閉闭問问間间閱阅闊阔隊队陽阳陰阴階阶\
際际隨随險险雙双雜杂雞鸡離离難难電电靈灵韓韩頁页頂顶項项順顺須须預预領领頭头\
題题額额顏颜顧顾顯显風风飛飞飯饭餘余館馆驗验體体髮发鬥斗魚鱼鳥鸟鹽盐麥麦黃黄\
齊齐齒齿龍龙龜龟傳传僅仅價价億亿優优儲储兒儿內内冊册處处氣气歷历壓压廢废\
歸归當当從从復复徵征愛爱態态慶庆憲宪懷怀戰战擁拥據据擴扩擔担攜携擊击數数斷断\
條条楊杨榮荣樂乐樓楼標标樣样橋桥檢检權权歡欢殘残氣气沒没淨净溝沟測测湯汤滿满\
漢汉潔洁澤泽灣湾災灾為为無无煙烟熱热爭争牆墙狀状獎奖獨独現现環环產产畫画畢毕\
異异當当療疗癢痒盡尽監监盤盘瞭了礎础確确碼码禮礼積积稅税穩稳競竞筆笔節节範范\
築筑簡简糧粮紀纪級级純纯紙纸組组細细紹绍經经結结給给絡络統统絲丝綱纲緩缓緯纬\
縮缩績绩繁繁聯联聲声聽听職职肅肃脅胁腦脑腳脚舉举艱艰藝艺蘇苏蘭兰處处號号蟲虫\
補补製制複复襲袭覆覆規规覺觉觸触訓训託托記记訪访詐诈註注詞词詩诗話话誌志認认\
語语誤误說说課课調调談谈請请諾诺謂谓謹谨證证譜谱護护讀读豐丰豬猪貓猫負负財财\
販贩貧贫貫贯貼贴貿贸費费資资賓宾賦赋質质購购贈赠贏赢趨趋跡迹蹤踪軌轨軸轴輪轮\
輯辑辭辞農农迴回週周進进遊游運运遞递遜逊遷迁選选邁迈鄰邻醞酝釀酿鈔钞鋪铺錯错\
鍊炼鏈链鐘钟長长門门閃闪開开閒闲閣阁閩闽闆板闡阐陸陆陳陈陣阵隱隐雖虽雲云\
電电震震霧雾靜静響响頒颁頻频類类願愿顛颠飲饮養养餐餐騰腾驅驱驗验骯肮\
鬧闹魯鲁鮮鲜鳳凤鴻鸿麵面點点黨党齡龄團团園园圍围圖图圓圆圳圳壇坛墾垦壞坏\
壯壮夥伙奮奋奪夺婦妇媽妈學学寶宝實实寧宁審审專专尋寻導导層层屆届岡冈峽峡\
巖岩幫帮庫库廂厢廟庙廣广彈弹彥彦徑径徹彻恆恒惡恶惱恼惲恽愛爱慣惯懸悬戶户\
掃扫掛挂採采揚扬換换損损搶抢據据攝摄擇择擬拟擾扰攤摊敗败敵敌斂敛條条楓枫\
構构槍枪樞枢機机檔档櫃柜決决況况涼凉減减湧涌準准潛潜濱滨灘滩燈灯營营爐炉\
犧牺狹狭獲获瑪玛瓊琼產产畝亩疊叠發发盜盗眾众礦矿碩硕祕秘稱称穀谷窮穷\
範范簽签籌筹紛纷紡纺納纳級级紮扎緝缉線线締缔編编緣缘縣县織织繩绳纖纤\
續续罰罚羅罗義义習习聖圣聞闻膽胆臉脸臨临臺台興兴舊旧莊庄萊莱葉叶蒐搜蓋盖\
藥药蘋苹蝦虾術术衛卫衝冲裝装製制襯衬見见規规視视覽览親亲觀观計计訊讯討讨\
託托訴诉診诊詮诠詳详誕诞誘诱誰谁諸诸謀谋講讲謠谣證证譯译議议變变讓让\
貝贝負负貢贡貨货貪贪貫贯責责貯贮貴贵貸贷費费賀贺賃赁資资賈贾賊贼賓宾\
賜赐賠赔賢贤賣卖賤贱賦赋質质賬账賭赌賴赖購购賽赛贊赞趕赶軍军軒轩軟软\
轄辖輛辆輝辉輩辈輸输辦办農农遙遥適适遲迟遼辽還还邏逻郵邮鄉乡醫医釐厘\
針针釣钓鈕钮鉛铅銅铜銜衔銳锐鋒锋錦锦錨锚鍋锅鎖锁鏡镜鐵铁鑄铸閉闭閘闸\
閥阀闖闯關关陝陕陸陆隸隶雋隽雕雕雛雏雞鸡離离難难靂雳靜静韋韦響响頃顷\
項项順顺頌颂預预頑顽頓顿頗颇領领頰颊頸颈頻频顆颗題题額额顏颜顯显顱颅\
飄飘飼饲飽饱飾饰餅饼館馆饑饥駐驻駕驾駛驶騎骑騷骚驚惊驟骤髒脏鬆松鬱郁\
鯉鲤鴨鸭鵬鹏鶴鹤鹼碱麗丽黨党鼎鼎齊齐龐庞蔣蒋瀋沈塊块壘垒燒烧彎弯慮虑\
穫获龍龙滬沪鄂鄂湘湘閩闽粵粤贛赣遼辽寧宁黑黑吉吉陝陕隴陇貴贵瓊琼臺台\
灣湾漢汉濟济蘇苏浙浙皖皖魯鲁豫豫晉晋冀冀鄭郑畢毕裡里後后麼么於于並并\
佈布佔占係系倆俩偉伟側侧債债傷伤傾倾僱雇儀仪償偿兌兑兩两冪幂凈净凍冻\
劇剧劑剂勁劲勞劳勢势勵励勸劝匯汇協协卻却厭厌參参叢丛啟启嗎吗噸吨團团\
圖图壩坝夠够奧奥姦奸孫孙寢寝對对屆届嶼屿幹干庫库廚厨張张強强歸归彙汇\
徵征態态憑凭戲戏挾挟掙挣揮挥攜携敘叙斬斩晝昼暢畅暫暂曆历術术朮术杰杰\
極极權权歐欧殺杀毀毁滅灭漲涨澳澳灑洒爾尔牽牵獻献瑞瑞瓏珑甦苏畫画痲麻\
盃杯碳碳礙碍祿禄窩窝竊窃筍笋簿簿糾纠紗纱絨绒綁绑綢绸綫线緻致縫缝縱纵\
總总繪绘罷罢羨羡肅肃腸肠膚肤艦舰莖茎華华萬万蔔卜薦荐藍蓝蘆芦蟬蝉衆众\
襪袜診诊詠咏謊谎謹谨貶贬賑赈趙赵跡迹蹟迹軔轫軛轭載载輔辅轎轿辯辩達达\
遠远郟郏鄧邓釁衅鉅巨鋁铝鋅锌錳锰鎂镁鎳镍鏽锈閑闲隨随隱隐雜杂頁页颱台\
颳刮饋馈驅驱鬍胡鳴鸣麼么齣出報报崗岗堅坚";

/// The char-to-char map built from [`TRAD_SIMP`] plus full-width ASCII.
static MAP: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let chars: Vec<char> = TRAD_SIMP.chars().filter(|c| !c.is_whitespace()).collect();
    let mut map = HashMap::with_capacity(chars.len() / 2 + 100);
    for pair in chars.chunks_exact(2) {
        if pair[0] != pair[1] {
            map.insert(pair[0], pair[1]);
        }
    }
    map
});

/// Maps one character to its matching form: simplified, half-width, plain space.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => {
            // Full-width ASCII block: same order as ASCII 0x21..0x7E.
            char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c)
        }
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' => ' ',
        '\u{FE50}' => ',',
        '\u{FF64}' => '、',
        _ if (c as u32) < 0x3400 => c,
        _ => MAP.get(&c).copied().unwrap_or(c),
    }
}

/// The matching view of `text`: same number of chars, each one folded by [`fold_char`].
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_and_full_width_keeping_length() {
        let t = "鄭州市發展改革委員會計劃２０２０年新增３萬個崗位，總投資１．２億元";
        let f = fold(t);
        assert_eq!(t.chars().count(), f.chars().count());
        assert!(f.starts_with("郑州市发展改革委员会计划2020年新增3万个"));
        assert!(f.contains("总投资1.2亿元"));
    }
}
