import type { Rng } from './prng.js';

/** Syllables of real Shenzhen place names (岗厦, 上沙, 水围, 渔农, 新洲 ...), combined into plausible community names. */
const FIRST = ['上', '下', '新', '东', '西', '南', '北', '大', '小', '老', '龙', '凤', '金', '银', '福', '安', '华', '翠', '碧', '桂', '荔', '莲', '梅', '松', '竹', '石', '沙', '水', '湖', '岭', '田', '园', '岗', '塘', '围', '湾', '坑', '鹏', '景', '丽', '锦', '康', '和', '宝', '富', '兴', '望', '海', '港', '泉', '青', '白', '红', '黄', '长', '中', '月', '乐', '怡', '峰'];
const SECOND = ['岗', '围', '塘', '湖', '田', '村', '园', '岭', '山', '湾', '沙', '坑', '厦', '洲', '尾', '头', '苑', '城', '华', '景', '林', '港', '峰', '坪', '埔', '贝', '圳', '涌', '浦', '庄', '溪', '河', '坳', '岸', '湾', '新', '丰', '安', '和', '福', '盛', '龙', '源', '美', '花', '桥', '墩', '井', '门', '湖'];

/** A generator of community names unique across the city. */
export function communityNamer(r: Rng): (streetShort: string) => string {
  const used = new Set<string>();
  return (streetShort: string) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const a = r.pick(FIRST);
      const b = r.pick(SECOND);
      if (a === b) continue;
      const name = `${a}${b}社区`;
      if (!used.has(name)) { used.add(name); return name; }
    }
    // exhausted: qualify with the street's short name (still unique)
    let n = 1;
    while (used.has(`${streetShort}第${n}社区`)) n++;
    const name = `${streetShort}第${n}社区`;
    used.add(name);
    return name;
  };
}

/** A street's name without its kind (街道, 镇, 乡, zones) and without the city's name in front. */
export function streetShort(name: string, cityPrefix = '深圳'): string {
  const short = name.replace(/(街道|合作区|保税区|综合保税区|镇|乡)$/, '');
  const city = cityPrefix.replace(/市$/, '');
  return city && short.startsWith(city) && short.length > city.length ? short.slice(city.length).replace(/^市/, '') : short;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '邓', '冯', '韩', '曾', '彭', '蔡', '潘', '钟', '叶', '廖', '温', '赖', '邱', '卢', '余', '方', '杜', '欧阳', '肖', '江', '袁', '苏', '魏', '蒋'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '华', '建华', '志强', '晓东', '海燕', '文', '斌', '婷', '雪', '俊', '鹏', '宇', '欣', '佳', '嘉怡', '子豪', '浩', '思远', '梓涵', '永康', '国强', '丽娟', '少华', '锦', '荣', '彬', '亮', '颖'];

export function personName(r: Rng): string {
  return r.pick(SURNAMES) + r.pick(GIVEN);
}
