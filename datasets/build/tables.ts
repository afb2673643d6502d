/**
 * The event/component classification table (DOMAIN.md) and the departments that own the classes.
 * Majors follow the national urban-management classification (events 01–05, components 01–06),
 * with Shenzhen-style local event extensions 06–09. Time limits: the published examples
 * (exposed garbage 1 working day, dirty road 5 working hours, illegal structure 15 working days,
 * filing + dispatch 10 min urgent / 30 min normal); the other limits are plausible demo values.
 */
import type { Category, Department, Limit } from '../load.js';

export const DEPARTMENTS: Omit<Department, 'categories' | 'components'>[] = [
  { code: 'CG', name: '城市管理和综合执法局', nameEn: 'Urban Management and Law Enforcement' },
  { code: 'HW', name: '环境卫生管理处', nameEn: 'Sanitation' },
  { code: 'SZ', name: '市政设施管理中心', nameEn: 'Municipal Facilities' },
  { code: 'JJ', name: '公安局交通警察支队', nameEn: 'Traffic Police' },
  { code: 'SCJG', name: '市场监督管理局', nameEn: 'Market Supervision' },
  { code: 'XF', name: '消防救援支队', nameEn: 'Fire and Rescue' },
  { code: 'SW', name: '水务局', nameEn: 'Water Affairs' },
  { code: 'ZJ', name: '住房和建设局', nameEn: 'Housing and Construction' },
  { code: 'STHJ', name: '生态环境局', nameEn: 'Ecology and Environment' },
  { code: 'JDB', name: '街道办事处', nameEn: 'Street Office' },
  { code: 'YL', name: '公园管理中心', nameEn: 'Parks and Greening' },
  { code: 'GDJ', name: '供电局', nameEn: 'Power Supply' },
  { code: 'RQ', name: '燃气集团', nameEn: 'Gas Utility' },
  { code: 'JTYS', name: '交通运输局', nameEn: 'Transport' },
  { code: 'YJGL', name: '应急管理局', nameEn: 'Emergency Management' },
];

const wh = (n: number): Limit => ({ hours: n, unit: 'working_hours' });
const wd = (n: number): Limit => ({ hours: n, unit: 'working_days' });

type Row = [code: string, name: string, nameEn: string, department: string, normal: Limit, urgent: Limit, filing: string, closing: string];

const EVENT_MAJORS: Record<string, string> = {
  '01': '市容环境', '02': '宣传广告', '03': '施工管理', '04': '突发事件', '05': '街面秩序',
  '06': '市场监管', '07': '消防安全', '08': '矛盾纠纷', '09': '生态环境',
};
const COMPONENT_MAJORS: Record<string, string> = {
  '01': '公用设施', '02': '道路交通', '03': '市容环境', '04': '园林绿化', '05': '房屋土地', '06': '其他设施',
};

const EVENTS: Row[] = [
  ['0101', '私搭乱建', 'Illegal structure', 'CG', wd(15), wd(5), '城市道路、广场、公共绿地等公共区域内未经批准的构筑物、建筑物', '违法建设已拆除或已依法立案查处'],
  ['0102', '暴露垃圾', 'Exposed garbage', 'HW', wd(1), wh(2), '公共区域内暴露的生活垃圾、垃圾袋等', '垃圾清理干净，现场无残留'],
  ['0103', '建筑垃圾渣土', 'Construction waste', 'CG', wd(2), wh(4), '公共区域内堆放或倾倒的建筑垃圾、渣土', '建筑垃圾渣土清运完毕'],
  ['0104', '道路保洁', 'Dirty road', 'HW', wh(5), wh(2), '道路、人行道存在明显污渍、积尘、散落物', '路面清扫干净'],
  ['0105', '水域不洁', 'Dirty waterway', 'SW', wd(2), wh(8), '河道、湖面漂浮垃圾或油污', '水面漂浮物打捞干净'],
  ['0106', '绿地脏乱', 'Littered green space', 'YL', wd(1), wh(4), '公共绿地内积存垃圾、杂物', '绿地清理干净'],
  ['0107', '积存垃圾渣土', 'Accumulated refuse', 'HW', wd(2), wh(8), '楼道、背街小巷长期积存的垃圾渣土', '积存垃圾清运完毕'],
  ['0108', '露天焚烧', 'Open burning', 'STHJ', wh(2), wh(1), '露天焚烧垃圾、树叶、废弃物', '火源熄灭，现场清理'],
  ['0109', '餐饮油烟', 'Restaurant fumes', 'STHJ', wd(5), wd(1), '餐饮单位油烟直排、扰民', '已安装净化设施或停止排放'],
  ['0110', '违规饲养家禽家畜', 'Illegal livestock keeping', 'JDB', wd(5), wd(2), '城市建成区内违规饲养家禽家畜', '禽畜已清理'],
  ['0201', '非法小广告', 'Illegal flyers', 'CG', wd(1), wh(4), '墙面、设施上张贴、涂写、喷涂的小广告', '小广告清除干净'],
  ['0202', '违规张贴悬挂宣传品', 'Unauthorised banners', 'CG', wd(2), wh(8), '未经批准张贴悬挂的横幅、标语、宣传品', '宣传品已拆除'],
  ['0203', '占道广告牌', 'Sign blocking the road', 'CG', wd(3), wd(1), '占用道路、人行道设置的广告牌、灯箱', '广告牌已清除'],
  ['0204', '广告招牌破损', 'Damaged signboard', 'CG', wd(3), wh(4), '户外广告、招牌破损、有坠落隐患', '招牌修复或拆除'],
  ['0205', '街头散发广告', 'Street leafleting', 'CG', wh(4), wh(2), '街头散发、派发广告', '散发行为已制止'],
  ['0301', '施工扰民', 'Construction noise', 'ZJ', wd(1), wh(2), '夜间或午休时段施工产生噪声扰民', '施工已停止或已办理夜间施工许可'],
  ['0302', '工地扬尘', 'Construction dust', 'ZJ', wd(1), wh(4), '工地未采取降尘措施，扬尘明显', '已覆盖、洒水等降尘措施到位'],
  ['0303', '道路遗撒', 'Spillage on road', 'CG', wh(5), wh(2), '运输车辆遗撒泥土、砂石、渣土', '路面清理干净，责任车辆已查处'],
  ['0304', '施工占道', 'Construction occupying road', 'JTYS', wd(3), wd(1), '施工超范围占用道路或未恢复路面', '占道已清除，路面恢复'],
  ['0305', '无证掘路', 'Unpermitted road excavation', 'SZ', wd(2), wh(8), '未经许可挖掘城市道路', '已停工并依法处理'],
  ['0306', '施工围挡破损', 'Damaged site hoarding', 'ZJ', wd(2), wh(8), '施工围挡破损、倾斜、缺失', '围挡修复'],
  ['0401', '路面塌陷', 'Road collapse', 'SZ', wh(8), wh(2), '道路路面出现塌陷、空洞', '已设置警示并修复'],
  ['0402', '供水管道破裂', 'Burst water main', 'SW', wh(8), wh(2), '供水管道破裂、漏水', '管道修复，供水恢复'],
  ['0403', '燃气泄漏', 'Gas leak', 'RQ', wh(4), wh(1), '燃气管道、设施泄漏或有泄漏气味', '泄漏点已处置，检测合格'],
  ['0404', '污水外溢', 'Sewage overflow', 'SW', wh(8), wh(2), '排水管道堵塞、污水外溢', '管道疏通，现场清理'],
  ['0405', '道路积水', 'Flooded road', 'SW', wh(4), wh(1), '降雨后道路、下穿通道积水影响通行', '积水已排除'],
  ['0406', '树木倒伏', 'Fallen tree', 'YL', wh(8), wh(2), '树木倒伏、断枝影响通行或安全', '倒伏树木已清理或扶正'],
  ['0407', '边坡隐患', 'Slope hazard', 'YJGL', wd(2), wh(4), '边坡、挡土墙出现裂缝、滑坡迹象', '已设置警示，隐患已治理或纳入监测'],
  ['0408', '电力线路故障', 'Power line fault', 'GDJ', wh(8), wh(2), '架空线路断线、垂落或配电设施故障', '线路修复，恢复供电'],
  ['0501', '无照经营游商', 'Unlicensed street vending', 'CG', wh(5), wh(2), '道路、广场等公共区域流动无照经营', '游商已劝离或依法处理'],
  ['0502', '出店经营', 'Trading outside shopfront', 'CG', wh(5), wh(2), '沿街店铺超出门窗外墙经营、作业', '恢复店内经营'],
  ['0503', '占道废品收购', 'Scrap collection on road', 'CG', wd(1), wh(4), '占用道路收购、堆放废品', '废品及占道物品已清除'],
  ['0504', '机动车乱停放', 'Illegal car parking', 'JJ', wh(4), wh(1), '人行道、消防通道等处违规停放机动车', '车辆已驶离或已处罚'],
  ['0505', '非机动车乱停放', 'Bicycle clutter', 'JTYS', wh(5), wh(2), '共享单车、非机动车无序停放', '车辆已规范停放或清运'],
  ['0506', '占道摆卖夜市', 'Night-market stalls on road', 'CG', wh(5), wh(2), '夜间占道摆卖、烧烤', '摊档已清理'],
  ['0601', '无证无照经营', 'Unlicensed business', 'SCJG', wd(5), wd(1), '未取得营业执照或许可证从事经营', '已办证或停止经营'],
  ['0602', '食品安全隐患', 'Food safety hazard', 'SCJG', wd(2), wh(4), '销售过期、变质食品或卫生条件不达标', '隐患已整改，问题食品已处置'],
  ['0603', '价格违法', 'Pricing violation', 'SCJG', wd(5), wd(1), '未明码标价、哄抬价格', '已整改或已立案查处'],
  ['0701', '消防通道堵塞', 'Blocked fire lane', 'XF', wh(4), wh(1), '消防通道、安全出口被占用、堵塞', '通道已清理畅通'],
  ['0702', '电动自行车违规充电', 'Illegal e-bike charging', 'XF', wd(1), wh(2), '楼道、室内违规停放、充电电动自行车', '已清理并规范充电'],
  ['0703', '三小场所消防隐患', 'Fire hazard in small premises', 'XF', wd(3), wd(1), '小档口、小作坊、小娱乐场所存在消防隐患', '隐患已整改'],
  ['0801', '邻里纠纷', 'Neighbour dispute', 'JDB', wd(5), wd(1), '居民之间因噪声、漏水、占用等引发的纠纷', '纠纷已调解'],
  ['0802', '劳资纠纷', 'Wage dispute', 'JDB', wd(5), wd(1), '拖欠工资等劳资纠纷，有聚集苗头', '已协调处理'],
  ['0803', '物业纠纷', 'Property management dispute', 'ZJ', wd(10), wd(2), '业主与物业服务企业之间的纠纷', '已协调处理'],
  ['0901', '社会生活噪声', 'Neighbourhood noise', 'STHJ', wd(1), wh(2), '商业经营、娱乐场所噪声扰民', '噪声已停止或达标'],
  ['0902', '河道违法排污', 'Illegal discharge to river', 'SW', wd(2), wh(4), '向河道、雨水管违法排放污水', '排放口已封堵，已立案查处'],
];

const COMPONENTS: Row[] = [
  ['0101', '上水井盖', 'Water supply manhole cover', 'SW', wd(1), wh(2), '井盖缺失、破损、移位、凹凸', '井盖补齐或更换，平稳'],
  ['0102', '污水井盖', 'Sewer manhole cover', 'SW', wd(1), wh(2), '井盖缺失、破损、移位', '井盖补齐或更换'],
  ['0103', '雨水井盖', 'Storm drain cover', 'SW', wd(1), wh(2), '井盖、雨水篦子缺失、破损、堵塞', '修复或疏通'],
  ['0104', '电力井盖', 'Power manhole cover', 'GDJ', wd(1), wh(2), '井盖缺失、破损、移位', '井盖补齐或更换'],
  ['0105', '燃气井盖', 'Gas manhole cover', 'RQ', wd(1), wh(2), '井盖缺失、破损、移位', '井盖补齐或更换'],
  ['0106', '消防栓', 'Fire hydrant', 'XF', wd(2), wh(4), '消火栓损坏、漏水、被圈占', '修复，可正常使用'],
  ['0107', '路灯', 'Street lamp', 'SZ', wd(2), wh(8), '路灯不亮、灯杆倾斜、灯具破损', '修复，正常照明'],
  ['0201', '交通信号灯', 'Traffic signal', 'JJ', wh(8), wh(2), '信号灯不亮、故障、遮挡', '信号灯恢复正常'],
  ['0202', '交通护栏', 'Traffic barrier', 'JTYS', wd(2), wh(8), '护栏缺失、破损、倾倒', '护栏修复'],
  ['0203', '公交站亭', 'Bus shelter', 'JTYS', wd(3), wd(1), '站亭破损、站牌缺失', '站亭修复'],
  ['0204', '人行道板', 'Pavement slab', 'SZ', wd(3), wd(1), '人行道板松动、破损、缺失', '铺装修复平整'],
  ['0301', '公共厕所', 'Public toilet', 'HW', wd(1), wh(4), '公厕设施损坏、卫生不达标', '设施修复，卫生达标'],
  ['0302', '垃圾箱', 'Litter bin', 'HW', wd(1), wh(4), '垃圾箱破损、满溢、缺失', '垃圾箱修复或更换'],
  ['0303', '垃圾收集点', 'Refuse collection point', 'HW', wd(1), wh(4), '收集点设施损坏、污水横流', '设施修复，清洗干净'],
  ['0401', '行道树', 'Street tree', 'YL', wd(3), wh(8), '行道树死亡、缺株、枝条影响通行', '补植或修剪'],
  ['0402', '绿地', 'Green space', 'YL', wd(5), wd(1), '绿地被踩踏、侵占、黄土裸露', '绿地恢复'],
  ['0403', '护树设施', 'Tree guard', 'YL', wd(3), wd(1), '树池篦子、护栏缺失破损', '设施修复'],
  ['0501', '危险房屋', 'Dangerous building', 'ZJ', wd(5), wh(8), '房屋开裂、倾斜、外墙脱落', '已鉴定并采取排危措施'],
  ['0502', '在建工地', 'Construction site', 'ZJ', wd(5), wd(1), '工地围挡、公示牌等设施不规范', '设施规范'],
  ['0601', '视频监控设备', 'CCTV camera', 'JDB', wd(2), wh(8), '监控设备离线、损坏、遮挡', '设备恢复在线'],
  ['0602', '重大危险源', 'Major hazard installation', 'YJGL', wd(2), wh(4), '危险化学品等重大危险源安全设施异常', '隐患消除'],
];

function rows(kind: 'event' | 'component', list: Row[], majors: Record<string, string>): Category[] {
  return list.map(([code, name, nameEn, department, normal, urgent, filing, closing]) => {
    const major = code.slice(0, 2);
    return {
      id: `${kind === 'event' ? 'E' : 'C'}${code}`, code, kind, major, majorName: majors[major] ?? '',
      name, nameEn, department, limits: { normal, urgent }, dispatchMinutes: { normal: 30, urgent: 10 }, filing, closing,
    };
  });
}

export function categories(): Category[] {
  return [...rows('event', EVENTS, EVENT_MAJORS), ...rows('component', COMPONENTS, COMPONENT_MAJORS)];
}

/** `categories`: the event codes a department owns (as in an event's `category`); `components`: component codes. */
export function departments(cats: Category[]): Department[] {
  return DEPARTMENTS.map((d) => ({
    ...d,
    categories: cats.filter((c) => c.kind === 'event' && c.department === d.code).map((c) => c.code),
    components: cats.filter((c) => c.kind === 'component' && c.department === d.code).map((c) => c.code),
  }));
}
